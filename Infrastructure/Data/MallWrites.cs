using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Points;

namespace Zhuji.Infrastructure.Data;

public enum ReserveOutcome
{
    Reserved,
    OutOfStock,
    InsufficientPoints,
    LimitReached,
}

/// <summary>
/// The mall's writes that must hold under any concurrency, inside the caller's write transaction. Never more
/// redeemed than stock: one conditional update raises <c>Redeemed</c> only while it stays within <c>Stock</c>.
/// Never a negative balance and never over the per-member limit: the member's row is then locked (a plain
/// update, which every provider holds to the end of the transaction), so his redemptions take turns, then a
/// conditional update passes only while his balance covers the cost (<see cref="RedemptionRules.Covers"/>), and his
/// units of the item are counted after the lock (<see cref="RedemptionRules.WithinLimit"/>). <c>MallRulePinTests</c>
/// holds the statements to the rules. Points earned meanwhile only add. The same discipline as grabbing (ADR 6), as SQL the
/// database enforces, not a check in C# between a read and a write. A refusal returns before the commit: the caller's
/// transaction rolls everything back, the units taken included.
/// </summary>
public static class MallWrites
{
    public static async Task<ReserveOutcome> ReserveAsync(ZhujiDbContext db, MallItem item, long memberId, int quantity, int cost, CancellationToken cancellationToken)
    {
        string Q(string name) => db.Quote(name);
        var serial = Q(MemberLock.Column);
        // Identifiers and enum names only; every value is a parameter.
        var coverCost = $"UPDATE {Q("Members")} SET {serial} = {serial} + 1 WHERE {Q("Id")} = {{0}} AND (SELECT COALESCE(SUM({Q(nameof(PointsEntry.Points))}), 0) FROM {Q("PointsEntries")} WHERE {Q(nameof(PointsEntry.MemberId))} = {{0}}) >= {{1}}";
        var takeStock = $"UPDATE {Q("MallItems")} SET {Q(nameof(MallItem.Redeemed))} = {Q(nameof(MallItem.Redeemed))} + {{0}} " +
            $"WHERE {Q("Id")} = {{1}} AND {Q(nameof(MallItem.Status))} = '{nameof(MallItemStatus.OnSale)}' AND {Q(nameof(MallItem.Redeemed))} + {{0}} <= {Q(nameof(MallItem.Stock))}";
        // The stock first: in a storm on a few units almost everyone stops here, at the cost of one update. A later
        // refusal rolls the units back with the rest of the transaction.
        if (await db.Database.ExecuteSqlRawAsync(takeStock, [quantity, item.Id], cancellationToken) == 0)
        {
            return ReserveOutcome.OutOfStock;
        }

        await MemberLock.TakeAsync(db, memberId, cancellationToken);
        if (await db.Database.ExecuteSqlRawAsync(coverCost, [memberId, cost], cancellationToken) == 0)
        {
            return ReserveOutcome.InsufficientPoints;
        }

        var held = await HeldAsync(db, item.Id, memberId, cancellationToken);
        return RedemptionRules.WithinLimit(held, quantity, item.PerMemberLimit) ? ReserveOutcome.Reserved : ReserveOutcome.LimitReached;
    }

    /// <summary>A cancelled redemption's units go back to the stock.</summary>
    public static Task ReleaseAsync(ZhujiDbContext db, long itemId, int quantity, CancellationToken cancellationToken)
    {
        var giveBack = $"UPDATE {db.Quote("MallItems")} SET {db.Quote(nameof(MallItem.Redeemed))} = {db.Quote(nameof(MallItem.Redeemed))} - {{0}} WHERE {db.Quote("Id")} = {{1}}";
        return db.Database.ExecuteSqlRawAsync(giveBack, [quantity, itemId], cancellationToken);
    }

    /// <summary>The units of the item the member holds (reserved or fulfilled).</summary>
    public static async Task<int> HeldAsync(ZhujiDbContext db, long itemId, long memberId, CancellationToken cancellationToken) =>
        await db.Redemptions.Where(r => r.ItemId == itemId && r.MemberId == memberId && r.Status != RedemptionStatus.Cancelled)
            .SumAsync(r => (int?)r.Quantity, cancellationToken) ?? 0;

    public static async Task<int> BalanceAsync(ZhujiDbContext db, long memberId, CancellationToken cancellationToken) =>
        await db.PointsEntries.Where(p => p.MemberId == memberId).SumAsync(p => (int?)p.Points, cancellationToken) ?? 0;
}
