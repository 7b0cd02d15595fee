using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Wishes;
using Zhuji.Infrastructure.Data.Tallies;

namespace Zhuji.Infrastructure.Data;

/// <summary>Set-based writes on wishes.</summary>
public static class WishWrites
{
    /// <summary>
    /// <see cref="Wish.Fulfil"/> as one conditional update: the first confirmed claim of the wish's task fulfils
    /// it; a second admin confirming another claim of the same task at the same moment is not a conflict for
    /// his claim. True when this call fulfilled it (the resident is then told).
    /// </summary>
    public static async Task<bool> FulfilAsync(this ZhujiDbContext db, TallyCatalog tallies, long wishId, DateTime now, CancellationToken cancellationToken)
    {
        await using var write = await db.BeginWriteAsync(cancellationToken);
        var wish = await db.Wishes.AsNoTracking().SingleAsync(w => w.Id == wishId, cancellationToken);
        var counted = tallies.Wishes.PositionOf(wish);
        if (!wish.Fulfil(now) || await db.Wishes.Where(w => w.Id == wishId && w.Status == WishStatus.Published)
            .ExecuteUpdateAsync(u => u
                .SetProperty(w => w.Status, wish.Status)
                .SetProperty(w => w.FulfilledAt, wish.FulfilledAt)
                .SetProperty(w => w.Version, w => w.Version + 1), cancellationToken) != 1)
        {
            return false;
        }

        // The change tracker did not see it: the wish's count moves here, by the same declaration, in the same transaction.
        await tallies.Wishes.MoveAsync(db, counted, wish, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return true;
    }
}
