using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Common;
using Zhuji.Domain.Wishes;

namespace Zhuji.Infrastructure.Data;

/// <summary>Set-based writes on wishes.</summary>
public static class WishWrites
{
    /// <summary>
    /// <see cref="Wish.Fulfil"/> as one conditional update: the first confirmed claim of the wish's task fulfils
    /// it; a second admin confirming another claim of the same task at the same moment is not a conflict for
    /// his claim. True when this call fulfilled it (the resident is then told).
    /// </summary>
    public static async Task<bool> FulfilAsync(this ZhujiDbContext db, long wishId, DateTime now, CancellationToken cancellationToken)
    {
        await using var write = await db.BeginWriteAsync(cancellationToken);
        if (await db.Wishes.Where(w => w.Id == wishId && w.Status == WishStatus.Published)
            .ExecuteUpdateAsync(u => u
                .SetProperty(w => w.Status, WishStatus.Fulfilled)
                .SetProperty(w => w.FulfilledAt, now)
                .SetProperty(w => w.Version, w => w.Version + 1), cancellationToken) != 1)
        {
            return false;
        }

        // The change tracker did not see it: the city's wish counts follow here, in the same transaction.
        var year = ShanghaiTime.YearOf(await db.Wishes.Where(w => w.Id == wishId).Select(w => w.SubmittedAt).SingleAsync(cancellationToken));
        await RegistryTallies.AddAsync(db, new TallyKey(RegistryTallies.Wishes, year, 0, nameof(WishStatus.Published)), -1, cancellationToken);
        await RegistryTallies.AddAsync(db, new TallyKey(RegistryTallies.Wishes, year, 0, nameof(WishStatus.Fulfilled)), +1, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return true;
    }
}
