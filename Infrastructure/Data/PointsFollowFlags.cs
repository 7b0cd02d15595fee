using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Points;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// Every flag line written gets its points line in the same save: an award earns by the policy of the day, a
/// revocation takes back what its award earned. Done here, once, rather than at each of the places that award
/// or revoke flags, so that no path can forget; the one-to-one key on <see cref="PointsEntry.FlagEntryId"/> makes
/// it exactly once whatever happens.
/// </summary>
internal static class PointsFollowFlags
{
    public static async Task AddAsync(ZhujiDbContext db, CancellationToken cancellationToken)
    {
        // Flag lines are only ever added with DbSet.Add (Added at once): no need for a change scan on every save.
        List<FlagEntry> flags;
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            flags = db.ChangeTracker.Entries<FlagEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        if (flags.Count == 0)
        {
            return;
        }

        var policy = PolicyOf(db);
        var followed = db.ChangeTracker.Entries<PointsEntry>().Where(e => e.State == EntityState.Added && e.Entity.Flag is not null)
            .Select(e => e.Entity.Flag!).ToHashSet();
        foreach (var flag in flags.Where(f => !followed.Contains(f)))
        {
            PointsEntry? earned = null;
            if (flag.Kind == FlagEntryKind.Revocation && flag.RevokesEntryId is { } revoked)
            {
                earned = db.PointsEntries.Local.FirstOrDefault(p => p.FlagEntryId == revoked && p.Kind == PointsKind.Earned)
                    ?? await db.PointsEntries.AsNoTracking().FirstOrDefaultAsync(p => p.FlagEntryId == revoked && p.Kind == PointsKind.Earned, cancellationToken);
            }

            db.PointsEntries.Add(PointsEntry.ForFlag(flag, policy, earned, flag.RecordedAt));
        }
    }

    /// <summary>The city's policy from the application's services; the default where there are none (design time, tools).</summary>
    private static PointsPolicy PolicyOf(ZhujiDbContext db)
    {
        try
        {
            return db.GetService<PointsPolicy>();
        }
        catch (InvalidOperationException)
        {
            return PointsPolicy.Default;
        }
    }
}
