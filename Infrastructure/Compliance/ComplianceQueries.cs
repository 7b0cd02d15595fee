using Microsoft.EntityFrameworkCore;
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

    /// <summary>The years whose annual check is final (their ledger is closed).</summary>
    public static async Task<IReadOnlySet<int>> ClosedYearsAsync(ZhujiDbContext db, CancellationToken cancellationToken) =>
        (await db.ClosedYears.AsNoTracking().Select(y => y.Year).ToListAsync(cancellationToken)).ToHashSet();
}
