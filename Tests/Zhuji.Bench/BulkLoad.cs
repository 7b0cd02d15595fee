using Microsoft.Data.Sqlite;

namespace Zhuji.Bench;

/// <summary>
/// Rows the measurements need but do not measure, written straight into the SQLite file in one
/// transaction each (prepared statements): tasks for the feed, members and flags for the annual check. They go
/// around the saves that keep the summary tables (ADR 0016): a database loaded here rebuilds them at its next start
/// (or <c>LedgerTallies.EnsureBuiltAsync</c>); until then the city's counts leave these rows out, which no
/// measurement here depends on.
/// </summary>
internal static class BulkLoad
{
    /// <summary>
    /// Published tasks over the next 180 days, spread over the tiers the way a city publishes them; with
    /// <paramref name="pastShare"/>, that share of them is history (started in the last 180 days, closed).
    /// </summary>
    public static void Tasks(string database, int count, IReadOnlyList<long> communities, IReadOnlyList<(long Id, long Community)> blocks, long publisher, int slots, Random random, string tier = "mixed", double pastShare = 0)
    {
        using var connection = Open(database);
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO "Tasks" ("Tier", "ScopeId", "CommunityId", "Category", "Title", "Description", "Location", "StartsAt", "EndsAt",
                "Slots", "Flags", "KnowledgeType", "Skills", "AllowGroupClaims", "Status", "ClaimedCount", "HasShifts", "PublishedByUserId", "PublishedAt", "CheckInRequired")
            VALUES ($tier, $scope, $community, $category, $title, '', '社区', $starts, $ends, $slots, 1, 'Basic', '[]', 0, $status, 0, 0, $publisher, $published, 0)
            """;
        var p = Parameters(insert, "$tier", "$scope", "$community", "$category", "$title", "$starts", "$ends", "$slots", "$status", "$publisher", "$published");
        string[] categories = ["CommunityActivity", "MicroWish", "RedSteward", "HelpGroup", "Suggestion"];
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var roll = tier == "City" ? 0 : random.Next(10);
            var (t, scope, community) = roll switch
            {
                0 => ("City", (long?)null, (long?)null),
                < 6 => ("Community", communities[random.Next(communities.Count)], (long?)null),
                _ => ("Block", 0L, 0L),
            };
            if (t == "Community")
            {
                community = scope;
            }
            else if (t == "Block")
            {
                var block = blocks[random.Next(blocks.Count)];
                (scope, community) = (block.Id, block.Community);
            }

            var past = random.NextDouble() < pastShare;
            var starts = past
                ? now.AddDays(-1).AddMinutes(-random.Next(0, 60 * 24 * 180))
                : now.AddDays(1).AddMinutes(random.Next(0, 60 * 24 * 180));
            p["$status"].Value = past ? "Closed" : "Published";
            p["$tier"].Value = t;
            p["$scope"].Value = (object?)scope ?? DBNull.Value;
            p["$community"].Value = (object?)community ?? DBNull.Value;
            p["$category"].Value = categories[random.Next(categories.Length)];
            p["$title"].Value = $"志愿服务 {i}";
            p["$starts"].Value = starts;
            p["$ends"].Value = starts.AddHours(3);
            p["$slots"].Value = slots;
            p["$publisher"].Value = publisher;
            p["$published"].Value = now;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// <paramref name="members"/> in-service members approved last year and <paramref name="flags"/> flag entries
    /// (90 % in <paramref name="year"/>), without their users and registrations: the check reads neither,
    /// and foreign keys are off for this load only.
    /// </summary>
    public static void ComplianceData(string database, int members, int flags, int year, Random random)
    {
        using var connection = Open(database);
        using (var off = connection.CreateCommand())
        {
            off.CommandText = "PRAGMA foreign_keys = OFF;";
            off.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using (var member = connection.CreateCommand())
        {
            member.CommandText = """
                INSERT INTO "Members" ("UserId", "RegistrationId", "Name", "Phone", "MemberType", "WorkUnitId", "CommunityId", "BlockId", "Skills", "FirstApprovedAt", "ApprovedAt")
                VALUES ($i, $i, $name, $phone, $type, $unit, $community, $block, '[]', $approved, $approved)
                """;
            var p = Parameters(member, "$i", "$name", "$phone", "$type", "$unit", "$community", "$block", "$approved");
            var approved = new DateTime(year - 1, 5, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 1; i <= members; i++)
            {
                var resident = i % 20 == 0;
                p["$i"].Value = i;
                p["$name"].Value = $"党员{i}";
                p["$phone"].Value = $"13{i:D9}";
                p["$type"].Value = resident ? "Resident" : "InService";
                p["$unit"].Value = resident ? DBNull.Value : 1 + i % 1000;
                p["$community"].Value = 1 + i % 300;
                p["$block"].Value = 1 + i % 3000;
                p["$approved"].Value = approved;
                member.ExecuteNonQuery();
            }
        }

        using (var flag = connection.CreateCommand())
        {
            flag.CommandText = """
                INSERT INTO "FlagEntries" ("MemberId", "Kind", "Flags", "Source", "ClaimId", "Title", "Category", "ServedAt", "PeriodYear", "PeriodMonth", "CommunityId", "RecordedAt", "ActorUserId")
                VALUES ($member, 'Award', $flags, 'Claim', $claim, '志愿服务', 'CommunityActivity', $served, $year, $month, $community, $served, 1)
                """;
            var p = Parameters(flag, "$member", "$flags", "$claim", "$served", "$year", "$month", "$community");
            for (var i = 1; i <= flags; i++)
            {
                var member = random.Next(1, members + 1);
                var y = random.Next(10) == 0 ? year - 1 : year;
                var month = random.Next(1, 13);
                p["$member"].Value = member;
                p["$flags"].Value = random.Next(1, 4);
                p["$claim"].Value = i;
                p["$served"].Value = new DateTime(y, month, 10, 1, 0, 0, DateTimeKind.Utc);
                p["$year"].Value = y;
                p["$month"].Value = month;
                p["$community"].Value = 1 + member % 300;
                flag.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>
    /// Work units of <paramref name="perUnit"/> roster people each: nine in ten registered and approved, the rest never
    /// registered; every member with flags through the year (a few recorded only after the third quarter ended).
    /// </summary>
    public static void ReportData(string database, int units, int perUnit, int communities, int year, Random random)
    {
        using var connection = Open(database);
        using (var off = connection.CreateCommand())
        {
            off.CommandText = "PRAGMA foreign_keys = OFF;";
            off.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        Execute(connection, "INSERT INTO \"Streets\" (\"Name\") VALUES ('街道')");
        for (var c = 1; c <= communities; c++)
        {
            Execute(connection, $"INSERT INTO \"Communities\" (\"Name\", \"StreetId\", \"SceneCode\", \"StewardsPerTarget\") VALUES ('社区{c}', 1, 'scene{c}', 3)");
        }

        string[] kinds = ["CityOrgan", "TownshipOrgan", "StateOwnedEnterprise", "Institution"];
        for (var u = 1; u <= units; u++)
        {
            Execute(connection, $"INSERT INTO \"WorkUnits\" (\"Name\", \"Kind\") VALUES ('诸暨市第{u}单位', '{kinds[u % 4]}')");
        }

        using var roster = connection.CreateCommand();
        roster.CommandText = """INSERT INTO "RosterEntries" ("WorkUnitId", "Name", "Phone", "ImportedAt", "UpdatedAt") VALUES ($unit, $name, $phone, $at, $at)""";
        var r = Parameters(roster, "$unit", "$name", "$phone", "$at");
        using var registration = connection.CreateCommand();
        registration.CommandText = """
            INSERT INTO "Registrations" ("UserId", "Name", "Phone", "MemberType", "WorkUnitId", "CommunityId", "BlockId", "Building", "Room", "RosterMatch", "Status", "SubmittedAt", "DecidedAt", "MemberId", "Version", "Skills")
            VALUES ($i, $name, $phone, 'InService', $unit, $community, $community, '1幢', '101', 'Matched', 'Approved', $at, $at, $i, 1, '[]')
            """;
        var g = Parameters(registration, "$i", "$name", "$phone", "$unit", "$community", "$at");
        using var member = connection.CreateCommand();
        member.CommandText = """
            INSERT INTO "Members" ("Id", "UserId", "RegistrationId", "Name", "Phone", "MemberType", "WorkUnitId", "CommunityId", "BlockId", "Skills", "FirstApprovedAt", "ApprovedAt")
            VALUES ($i, $i, $i, $name, $phone, 'InService', $unit, $community, $community, '[]', $at, $at)
            """;
        var m = Parameters(member, "$i", "$name", "$phone", "$unit", "$community", "$at");
        using var flag = connection.CreateCommand();
        flag.CommandText = """
            INSERT INTO "FlagEntries" ("MemberId", "Kind", "Flags", "Source", "ClaimId", "Title", "Category", "ServedAt", "PeriodYear", "PeriodMonth", "CommunityId", "RecordedAt", "ActorUserId")
            VALUES ($member, 'Award', $flags, 'Claim', $claim, '志愿服务', $category, $served, $year, $month, $community, $recorded, 1)
            """;
        var f = Parameters(flag, "$member", "$flags", "$claim", "$category", "$served", "$year", "$month", "$community", "$recorded");
        string[] categories = ["CommunityActivity", "CommunityActivity", "MicroWish", "RedSteward", "HelpGroup", "Suggestion"];
        var at = new DateTime(year - 1, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        var surnames = "王李张刘陈杨赵黄周吴徐孙马朱胡郭";
        var person = 0;
        var claim = 0;
        for (var u = 1; u <= units; u++)
        {
            for (var k = 0; k < perUnit; k++)
            {
                person++;
                var name = $"{surnames[person % surnames.Length]}某{person % 1000}";
                var phone = $"13{person:D9}";
                (r["$unit"].Value, r["$name"].Value, r["$phone"].Value, r["$at"].Value) = (u, name, phone, at);
                roster.ExecuteNonQuery();
                if (k % 10 == 9)
                {
                    continue;
                }

                var community = 1 + (person % communities);
                (g["$i"].Value, g["$name"].Value, g["$phone"].Value, g["$unit"].Value, g["$community"].Value, g["$at"].Value) = (person, name, phone, u, community, at);
                registration.ExecuteNonQuery();
                (m["$i"].Value, m["$name"].Value, m["$phone"].Value, m["$unit"].Value, m["$community"].Value, m["$at"].Value) = (person, name, phone, u, community, at);
                member.ExecuteNonQuery();
                for (var n = random.Next(0, 10); n > 0; n--)
                {
                    var month = random.Next(1, 13);
                    var served = new DateTime(year, month, 10, 1, 0, 0, DateTimeKind.Utc);
                    f["$member"].Value = person;
                    f["$flags"].Value = random.Next(1, 3);
                    f["$claim"].Value = ++claim;
                    f["$category"].Value = categories[random.Next(categories.Length)];
                    f["$served"].Value = served;
                    f["$year"].Value = year;
                    f["$month"].Value = month;
                    f["$community"].Value = community;
                    f["$recorded"].Value = served.AddDays(random.Next(0, 30));
                    flag.ExecuteNonQuery();
                }
            }
        }

        transaction.Commit();
    }

    /// <summary>Every member gets <paramref name="points"/> points (an adjustment line), for the redemption storm.</summary>
    public static void PointsForEveryone(string database, int points)
    {
        using var connection = Open(database);
        Execute(connection, $"""
            INSERT INTO "PointsEntries" ("MemberId", "Kind", "Points", "Year", "At")
            SELECT "Id", 'Adjusted', {points}, CAST(strftime('%Y', 'now') AS INTEGER), strftime('%Y-%m-%d %H:%M:%S', 'now') FROM "Members"
            """);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, DefaultTimeout = 120 }.ToString());
        connection.Open();
        return connection;
    }

    private static Dictionary<string, SqliteParameter> Parameters(SqliteCommand command, params string[] names)
    {
        var parameters = names.ToDictionary(n => n, n => command.Parameters.Add(new SqliteParameter(n, null)));
        command.Prepare();
        return parameters;
    }
}
