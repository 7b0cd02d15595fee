using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Infrastructure.Compliance;

/// <summary>A member the five-flag rule evaluates this year and who is still below the threshold.</summary>
public sealed record BehindMember
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public long UserId { get; init; }
    public int Total { get; init; }
}

/// <summary>
/// <see cref="CompliancePolicy"/> as set-based queries. A test pins each to the policy: the same members, the
/// same verdicts, as the C# rule gives them.
/// </summary>
public static class ComplianceQueries
{
    /// <summary>
    /// <see cref="CompliancePolicy.NeedsReminder"/> in SQL: in service, first approved before the year's cutoff,
    /// the year's net flags below the threshold. Ordered by member id, for paging with <paramref name="afterId"/>.
    /// </summary>
    public static IQueryable<BehindMember> Behind(ZhujiDbContext db, int year, CompliancePolicy policy, long afterId = 0)
    {
        var cutoff = policy.CutoffUtc(year);
        return from m in db.Members.AsNoTracking()
               where m.Id > afterId && m.MemberType == MemberType.InService && m.FirstApprovedAt < cutoff
               let total = db.FlagEntries.Where(f => f.MemberId == m.Id && f.PeriodYear == year).Sum(f => (int?)f.Flags) ?? 0
               where total < policy.AnnualThreshold
               orderby m.Id
               select new BehindMember { Id = m.Id, Name = m.Name, UserId = m.UserId, Total = total };
    }

    /// <summary>Every in-service member's standing today for the year, with his unit (set-based: one read of members, one of flag totals).</summary>
    public static async Task<List<(long? WorkUnitId, ProgressState State)>> ProgressAsync(
        ZhujiDbContext db, int year, CompliancePolicy policy, DateTime now, CancellationToken cancellationToken)
    {
        var members = await db.Members.AsNoTracking().Where(m => m.MemberType == MemberType.InService)
            .Select(m => new { m.Id, m.WorkUnitId, m.FirstApprovedAt }).ToListAsync(cancellationToken);
        var totals = await db.FlagEntries.Where(f => f.PeriodYear == year).GroupBy(f => f.MemberId)
            .Select(g => new { g.Key, Flags = g.Sum(f => f.Flags) }).ToDictionaryAsync(g => g.Key, g => g.Flags, cancellationToken);
        return members.Select(m => (m.WorkUnitId, Progress.Today(totals.GetValueOrDefault(m.Id), year, now,
            policy.IsEvaluated(MemberType.InService, m.FirstApprovedAt, year), policy).State)).ToList();
    }

    /// <summary>The years whose annual check is final (their ledger is closed).</summary>
    public static async Task<IReadOnlySet<int>> ClosedYearsAsync(ZhujiDbContext db, CancellationToken cancellationToken) =>
        (await db.ClosedYears.AsNoTracking().Select(y => y.Year).ToListAsync(cancellationToken)).ToHashSet();
}
