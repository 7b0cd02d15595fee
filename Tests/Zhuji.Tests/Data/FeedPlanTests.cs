using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Data;

/// <summary>
/// The feed's SQL, as EF writes it, searched by SQLite through the indexes meant for it, on the real migrations: a
/// query that falls back to walking the tasks in start order is 100 ms at 100,000 tasks instead of 0.1 ms, and no
/// functional test would notice. SQLite plans without statistics, so the plan on this small file is the plan on a
/// large one.
/// </summary>
[SqliteOnly]
public class FeedPlanTests : ApiTest
{
    [TestCase(FeedWindow.Upcoming, false)]
    [TestCase(FeedWindow.Upcoming, true)]
    [TestCase(FeedWindow.Past, false)]
    [TestCase(FeedWindow.Past, true)]
    public async Task EveryPartOfTheFeedSeeksAnIndex(FeedWindow window, bool afterACursor)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var now = DateTime.UtcNow;
        var query = TaskFeed.ForMember(db.Tasks.AsNoTracking(), new Home(3, 30), window, now, new FeedFilter(null, null, 21, afterACursor ? (now, 5) : null));

        var plans = new List<string>();
        foreach (var part in new[] { query.Merged, query.Few }.OfType<IQueryable<VolunteerTask>>())
        {
            var plan = await PlanAsync(db, part.ToQueryString());
            TestContext.Out.WriteLine(string.Join("\n", plan) + "\n");
            var subqueries = plan.Select(l => Regex.Match(l, @"^(?:CO-ROUTINE|MATERIALIZE) (\w+)")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
            var tableScans = plan.Select(l => Regex.Match(l, @"^SCAN (\w+)")).Where(m => m.Success && !subqueries.Contains(m.Groups[1].Value)).ToList();
            Assert.That(tableScans, Is.Empty, "no walk of the whole table (only of a page-sized subquery)");
            Assert.That(plan, Has.None.Contains("IX_Tasks_StartsAt_Id"), "no walk of every task in start order");
            plans.AddRange(plan);
        }

        var searches = plans.Where(l => Regex.IsMatch(l, @"^SEARCH \w+ USING")).ToList();
        Assert.That(searches, Has.Count.EqualTo(window == FeedWindow.Upcoming ? 4 : 9), "one search per tier and part");
        if (window == FeedWindow.Upcoming)
        {
            Assert.That(searches.Count(l => l.Contains("IX_Tasks_Tier_ScopeId_Status_StartsAt_Id (Tier=? AND ScopeId=? AND Status=?")), Is.EqualTo(3));
            Assert.That(searches, Has.One.Contains("IX_Tasks_HasShifts_Status_EndsAt (HasShifts=? AND Status=? AND EndsAt>?)"));
        }
        else
        {
            Assert.That(searches.Count(l => l.Contains("IX_Tasks_Tier_ScopeId_StartsAt_Id (Tier=? AND ScopeId=? AND StartsAt<")), Is.EqualTo(3));
            Assert.That(searches.Count(l => l.Contains("IX_Tasks_Tier_ScopeId_Status_StartsAt_Id (Tier=? AND ScopeId=? AND Status=? AND StartsAt>")), Is.EqualTo(6));
        }
    }

    /// <summary>EXPLAIN QUERY PLAN of EF's SQL, with its parameters as EF declared them (<c>.param set @p value</c>).</summary>
    private static async Task<List<string>> PlanAsync(ZhujiDbContext db, string sql)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var statement = new List<string>();
        foreach (var line in sql.Split('\n'))
        {
            var declared = Regex.Match(line, @"^\.param set (@\w+) (.*)$");
            if (declared.Success)
            {
                var value = declared.Groups[2].Value.Trim();
                command.Parameters.AddWithValue(declared.Groups[1].Value, value.StartsWith('\'') ? value.Trim('\'') : long.TryParse(value, out var number) ? number : value);
            }
            else
            {
                statement.Add(line);
            }
        }

        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join("\n", statement);
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }
}
