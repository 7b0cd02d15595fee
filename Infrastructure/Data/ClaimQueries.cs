using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Common;
using Zhuji.Domain.Tasks;

namespace Zhuji.Infrastructure.Data;

/// <summary>Reads about claims: when one's task (or shift) runs, and which claims an admin's scopes reach (one query for the queue and the morning digest alike).</summary>
public static class ClaimQueries
{
    /// <summary>When the claim's task (or shift) starts and ends.</summary>
    public static async Task<(DateTime StartsAt, DateTime EndsAt)> WindowAsync(this ZhujiDbContext db, Claim claim, CancellationToken cancellationToken)
    {
        // Two columns, not a tuple: PostgreSQL would read a tuple as one record.
        var window = claim.ShiftId is { } shift
            ? await db.TaskShifts.Where(s => s.Id == shift).Select(s => new { s.StartsAt, s.EndsAt }).SingleAsync(cancellationToken)
            : await db.Tasks.Where(t => t.Id == claim.TaskId).Select(t => new { t.StartsAt, t.EndsAt }).SingleAsync(cancellationToken);
        return (window.StartsAt, window.EndsAt);
    }

    /// <summary>
    /// The claims an admin of <paramref name="communities"/> and <paramref name="blocks"/> may decide
    /// (<see cref="ClaimRules.MayDecide"/>): those of tasks published by one of his communities (a block's task carries
    /// its community too) or by one of his blocks, and those of members who live in one of his communities.
    /// </summary>
    public static IQueryable<Claim> DecidableBy(this IQueryable<Claim> claims, ZhujiDbContext db, IEnumerable<long> communities, IEnumerable<long> blocks)
    {
        var (communityIds, blockIds) = (communities.ToList(), blocks.ToList());
        return claims.Where(c =>
            db.Tasks.Any(t => t.Id == c.TaskId && ((t.CommunityId != null && communityIds.Contains(t.CommunityId.Value)) || (t.Tier == TaskTier.Block && t.ScopeId != null && blockIds.Contains(t.ScopeId.Value))))
            || db.Members.Any(m => m.Id == c.MemberId && communityIds.Contains(m.CommunityId)));
    }
}

/// <summary>A member's service on one Shanghai day, for the long-day rule.</summary>
public static class ServiceDay
{
    /// <summary>His hours that day on other claims (recorded or confirmed) and on services the community entered.</summary>
    public static async Task<decimal> OtherHoursAsync(ZhujiDbContext db, Claim claim, DateTime day, CancellationToken cancellationToken)
    {
        var from = ShanghaiTime.StartOfDay(day);
        var to = from.AddDays(1);
        // Summed here: SQLite cannot sum decimals, and a day holds a handful of rows.
        var claims = await db.Claims.AsNoTracking()
            .Where(c => c.MemberId == claim.MemberId && c.Id != claim.Id && (c.Status == ClaimStatus.Submitted || c.Status == ClaimStatus.Confirmed) &&
                        c.ServedAt >= from && c.ServedAt < to)
            .Select(c => c.Hours).ToListAsync(cancellationToken);
        var entered = await db.ServiceRecords.AsNoTracking()
            .Where(r => r.MemberId == claim.MemberId && r.ServedAt >= from && r.ServedAt < to)
            .Select(r => r.Hours).ToListAsync(cancellationToken);
        return claims.Sum(h => h ?? 0) + entered.Sum();
    }
}
