using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Points;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// Every flag line gets its points line in the same save: an award (<see cref="FlagAwarded"/>) earns by the city's
/// policy, a revocation (<see cref="FlagRevoked"/>) takes back what its award earned. Here, once, rather than at each of
/// the places that award or revoke flags, so no path can forget; the one-to-one key on
/// <see cref="PointsEntry.FlagEntryId"/> makes it exactly once whatever happens.
/// </summary>
public sealed class PointsFollowFlags(PointsPolicy policy) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ZhujiDbContext db)
        {
            await FollowAsync(db, cancellationToken);
        }

        return result;
    }

    // The context's synchronous SaveChanges goes through SaveChangesAsync (ZhujiDbContext), so this is never called.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw new NotSupportedException("Saves of the Zhuji context are asynchronous.");

    private async Task FollowAsync(ZhujiDbContext db, CancellationToken cancellationToken)
    {
        // Flag lines are only ever added with their event: no change scan needed to find them.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        List<FlagEntry> raised;
        try
        {
            raised = db.ChangeTracker.Entries<FlagEntry>().Where(e => e.State == EntityState.Added && e.Entity.Events.Count > 0).Select(e => e.Entity).ToList();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        foreach (var line in raised)
        {
            foreach (var happened in line.Events)
            {
                var earned = happened is FlagRevoked { Revocation.RevokesEntryId: { } revoked }
                    ? db.PointsEntries.Local.FirstOrDefault(p => p.FlagEntryId == revoked && p.Kind == PointsKind.Earned)
                        ?? await db.PointsEntries.AsNoTracking().FirstOrDefaultAsync(p => p.FlagEntryId == revoked && p.Kind == PointsKind.Earned, cancellationToken)
                    : null;
                db.PointsEntries.Add(PointsEntry.ForFlag(line, policy, earned, line.RecordedAt));
            }

            line.ClearEvents();
        }
    }
}
