using Microsoft.Data.Sqlite;
using Npgsql;

namespace Zhuji.Bench;

/// <summary>How big the province is.</summary>
internal sealed record Province(int Members, int Flags, int Units, int Communities);

/// <summary>
/// The province loaded straight into a migrated, empty database, set-based, as the bench measures it. The tests
/// compile this file too (<c>ProvinceLoadTests</c>), so a migration that adds a required column fails there, not in
/// the next province run.
/// </summary>
internal static class ProvinceLoad
{
    public const int Year = 2026;

    /// <summary>The province in a SQLite file, set-based (recursive CTEs), foreign keys off for the load only.</summary>
    public static void LoadSqlite(string database, Province size)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, DefaultTimeout = 3600 }.ToString());
        connection.Open();
        void Execute(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandTimeout = 3600;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        Execute("PRAGMA foreign_keys = OFF; PRAGMA cache_size = -1000000;");
        using var transaction = connection.BeginTransaction();
        Execute(Sql(size, sqlite: true));
        transaction.Commit();
        Execute("ANALYZE;");
    }

    /// <summary>The province in PostgreSQL, set-based (generate_series), triggers (foreign keys) off for the load only.</summary>
    public static async Task LoadPostgresAsync(string connectionString, Province size)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SET session_replication_role = replica; {Sql(size, sqlite: false)}; SET session_replication_role = DEFAULT; ANALYZE;", connection) { CommandTimeout = 3600 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Streets, communities, units; member i is in service (every 20th a resident), in unit 1 + i % units and community
    /// 1 + i % communities, approved the year before, with his approved registration and his unit's roster line; flag
    /// line j belongs to member 1 + (j − 1) / (flags / members), one in ten of the year before, 1 to 3 flags; fifty
    /// community tasks a community over the year.
    /// </summary>
    private static string Sql(Province size, bool sqlite)
    {
        string Series(int n) => sqlite ? $"(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n}) SELECT g FROM s) AS s" : $"generate_series(1, {n}) AS g";
        string Phone(string g) => sqlite ? $"'13' || printf('%09d', {g})" : $"'13' || lpad({g}::text, 9, '0')";
        var approved = sqlite ? $"'{Year - 1}-05-01 00:00:00'" : $"TIMESTAMPTZ '{Year - 1}-05-01 00:00:00+00'";
        var skills = sqlite ? "'[]'" : "'{}'";
        var perMember = size.Flags / size.Members;
        var no = sqlite ? "0" : "FALSE";
        var category = "CASE g % 5 WHEN 0 THEN 'CommunityActivity' WHEN 1 THEN 'MicroWish' WHEN 2 THEN 'RedSteward' WHEN 3 THEN 'HelpGroup' ELSE 'Suggestion' END";
        // Fifty tasks a community over the year (every 7.3 days), at 09:00 Shanghai.
        var starts = sqlite
            ? $"strftime('%Y-%m-%d %H:%M:%S', '{Year}-01-01 01:00:00', '+' || ((g / {size.Communities}) * 7) || ' days')"
            : $"TIMESTAMPTZ '{Year}-01-01 01:00:00+00' + (g / {size.Communities}) * 7 * interval '1 day'";
        var served = sqlite
            ? $"printf('%04d-%02d-10 01:00:00', CASE WHEN g % 10 = 0 THEN {Year - 1} ELSE {Year} END, 1 + (g * 7) % 12)"
            : $"make_timestamptz(CASE WHEN g % 10 = 0 THEN {Year - 1} ELSE {Year} END, 1 + (g * 7) % 12, 10, 1, 0, 0, 'UTC')";
        return $"""
            INSERT INTO "Streets" ("Name") VALUES ('省级街道');
            INSERT INTO "Communities" ("Name", "StreetId", "SceneCode", "StewardsPerTarget") SELECT '社区' || g, (SELECT MIN("Id") FROM "Streets"), 'p' || g, 3 FROM {Series(size.Communities)};
            INSERT INTO "WorkUnits" ("Name", "Kind") SELECT '单位' || g, 'CityOrgan' FROM {Series(size.Units)};
            INSERT INTO "Registrations" ("Id", "UserId", "Name", "Phone", "MemberType", "WorkUnitId", "CommunityId", "BlockId", "Building", "Room", "RosterMatch", "Status", "SubmittedAt", "DecidedAt", "MemberId", "Version", "Skills")
            SELECT g, 1000000 + g, '党员' || g, {Phone("g")}, CASE WHEN g % 20 = 0 THEN 'Resident' ELSE 'InService' END, CASE WHEN g % 20 = 0 THEN NULL ELSE 1 + g % {size.Units} END,
                1 + g % {size.Communities}, 1 + g % {size.Communities}, '1幢', '101', CASE WHEN g % 20 = 0 THEN 'NotInRoster' ELSE 'Matched' END, 'Approved', {approved}, {approved}, g, 1, {skills}
            FROM {Series(size.Members)};
            INSERT INTO "Members" ("Id", "UserId", "RegistrationId", "Name", "Phone", "MemberType", "WorkUnitId", "CommunityId", "BlockId", "Skills", "FirstApprovedAt", "ApprovedAt")
            SELECT g, 1000000 + g, g, '党员' || g, {Phone("g")}, CASE WHEN g % 20 = 0 THEN 'Resident' ELSE 'InService' END, CASE WHEN g % 20 = 0 THEN NULL ELSE 1 + g % {size.Units} END,
                1 + g % {size.Communities}, 1 + g % {size.Communities}, {skills}, {approved}, {approved}
            FROM {Series(size.Members)};
            INSERT INTO "RosterEntries" ("WorkUnitId", "Name", "Phone", "ImportedAt", "UpdatedAt")
            SELECT 1 + g % {size.Units}, '党员' || g, {Phone("g")}, {approved}, {approved} FROM {Series(size.Members)} WHERE g % 20 <> 0;
            INSERT INTO "FlagEntries" ("MemberId", "Kind", "Flags", "Source", "ClaimId", "Title", "Category", "ServedAt", "PeriodYear", "PeriodMonth", "CommunityId", "RecordedAt", "ActorUserId")
            SELECT 1 + (g - 1) / {perMember}, 'Award', 1 + g % 3, 'Claim', g, '志愿服务', 'CommunityActivity', {served},
                CASE WHEN g % 10 = 0 THEN {Year - 1} ELSE {Year} END, 1 + (g * 7) % 12, 1 + (1 + (g - 1) / {perMember}) % {size.Communities}, {served}, 1
            FROM {Series(size.Flags)};
            INSERT INTO "Tasks" ("Tier", "ScopeId", "CommunityId", "Category", "Title", "Description", "Location", "StartsAt", "EndsAt",
                "Slots", "Flags", "KnowledgeType", "Skills", "AllowGroupClaims", "Status", "ClaimedCount", "HasShifts", "PublishedByUserId", "PublishedAt", "Reported", "CheckInRequired")
            SELECT 'Community', 1 + g % {size.Communities}, 1 + g % {size.Communities}, {category}, '志愿服务 ' || g, '', '社区', {starts}, {starts}, 20, 1, 'Basic', {skills}, {no}, 'Closed', 0, {no}, 1, {starts}, {no}, {no}
            FROM {Series(size.Communities * 50)};
            -- A bulk load bypasses the saves that keep the tallies: the next start rebuilds them.
            DELETE FROM "TallyStates";
            -- Points only for the newest line: the start-up's one-time points backfill then has nothing to do (the bench reads no points).
            INSERT INTO "PointsEntries" ("MemberId", "Kind", "Points", "Year", "At", "Source", "FlagEntryId", "RedemptionId", "Rate")
            SELECT "MemberId", 'Earned', "Flags" * 10, "PeriodYear", "RecordedAt", 'Task', "Id", NULL, 10 FROM "FlagEntries" WHERE "Id" = (SELECT MAX("Id") FROM "FlagEntries")
            """;
    }
}
