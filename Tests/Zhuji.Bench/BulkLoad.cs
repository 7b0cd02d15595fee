using Microsoft.Data.Sqlite;

namespace Zhuji.Bench;

/// <summary>
/// Rows the measurements need but do not measure, written straight into the SQLite file in one
/// transaction each (prepared statements): tasks for the feed, members and flags for the annual check.
/// </summary>
internal static class BulkLoad
{
    /// <summary>Published tasks starting from tomorrow, spread over the tiers the way a city publishes them.</summary>
    public static void Tasks(string database, int count, IReadOnlyList<long> communities, IReadOnlyList<(long Id, long Community)> blocks, long publisher, int slots, Random random, string tier = "mixed")
    {
        using var connection = Open(database);
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO "Tasks" ("Tier", "ScopeId", "CommunityId", "Category", "Title", "Description", "Location", "StartsAt", "EndsAt",
                "Slots", "Flags", "KnowledgeType", "Skills", "AllowGroupClaims", "Status", "ClaimedCount", "HasShifts", "PublishedByUserId", "PublishedAt")
            VALUES ($tier, $scope, $community, $category, $title, '', '社区', $starts, $ends, $slots, 1, 'Basic', '[]', 0, 'Published', 0, 0, $publisher, $published)
            """;
        var p = Parameters(insert, "$tier", "$scope", "$community", "$category", "$title", "$starts", "$ends", "$slots", "$publisher", "$published");
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

            var starts = now.AddDays(1).AddMinutes(random.Next(0, 60 * 24 * 180));
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
