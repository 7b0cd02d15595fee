using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Tests.Support;

/// <summary>The summary tables as the saves kept them, against the counts of what they count.</summary>
public static class Tallies
{
    /// <summary>
    /// Every tally (stripes summed, zeros left out) equals the count of the tables it follows, read in one transaction
    /// so that a job writing meanwhile cannot tear the comparison.
    /// </summary>
    public static async Task AssertKeptExactlyAsync(ZhujiApiFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var policy = scope.ServiceProvider.GetRequiredService<IOptions<ComplianceOptions>>().Value.Policy;
        await using var read = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable);
        var expected = await LedgerTallies.ExpectedAsync(db, policy, yearsFromLedger: true, CancellationToken.None);
        var lines = expected.Counts.Select(c => $"{c.Key.Name} {c.Key.Year} {c.Key.Scope} {c.Key.Dim} = {c.Value}")
            .Concat(expected.Standings.Select(s => $"standing {s.Key.Year} {s.Key.Bucket} = {s.Value}"))
            .Concat(expected.Cohorts.Select(c => $"cohort {c.Key} = {c.Value}"))
            .Concat((await db.FlagEntries.AsNoTracking().GroupBy(f => new { f.MemberId, f.PeriodYear }).Select(g => new { g.Key.MemberId, g.Key.PeriodYear, Flags = g.Sum(f => f.Flags) }).ToListAsync())
                .Where(y => y.Flags != 0).Select(y => $"member {y.MemberId} {y.PeriodYear} = {y.Flags}"))
            .Concat((await db.FlagEntries.AsNoTracking().GroupBy(f => new { f.CommunityId, f.PeriodYear, f.PeriodMonth }).Select(g => new { g.Key.CommunityId, g.Key.PeriodYear, g.Key.PeriodMonth, Flags = g.Sum(f => f.Flags) }).ToListAsync())
                .Where(m => m.Flags != 0).Select(m => $"community {m.CommunityId} {m.PeriodYear}-{m.PeriodMonth} = {m.Flags}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.That(await KeptAsync(db), Is.EqualTo(lines), "the tallies kept by the saves equal the counts of the tables");
    }

    private static async Task<List<string>> KeptAsync(ZhujiDbContext db)
    {
        var lines = new List<string>();
        lines.AddRange((await db.Tallies.AsNoTracking().GroupBy(t => new { t.Name, t.Year, t.Scope, t.Dim }).Select(g => new { g.Key.Name, g.Key.Year, g.Key.Scope, g.Key.Dim, Count = g.Sum(t => t.Count) }).ToListAsync())
            .Where(t => t.Count != 0).Select(t => $"{t.Name} {t.Year} {t.Scope} {t.Dim} = {t.Count}"));
        lines.AddRange((await db.StandingTallies.AsNoTracking().GroupBy(t => new { t.Year, t.Bucket }).Select(g => new { g.Key.Year, g.Key.Bucket, Count = g.Sum(t => t.Count) }).ToListAsync())
            .Where(t => t.Count != 0).Select(t => $"standing {t.Year} {t.Bucket} = {t.Count}"));
        lines.AddRange((await db.CohortTallies.AsNoTracking().GroupBy(t => t.FirstYear).Select(g => new { g.Key, Count = g.Sum(t => t.Count) }).ToListAsync())
            .Where(t => t.Count != 0).Select(t => $"cohort {t.Key} = {t.Count}"));
        lines.AddRange((await db.MemberFlagYears.AsNoTracking().Where(y => y.Flags != 0).ToListAsync()).Select(y => $"member {y.MemberId} {y.Year} = {y.Flags}"));
        lines.AddRange((await db.CommunityFlagMonths.AsNoTracking().Where(m => m.Flags != 0).ToListAsync()).Select(m => $"community {m.CommunityId} {m.Year}-{m.Month} = {m.Flags}"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
