using Microsoft.EntityFrameworkCore;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// One member's writes that must take turns — spending his points, the points' yearly expiry, issuing his year's
/// certificate — lock his row first, inside the caller's write transaction: a plain update of a counter column,
/// which every provider holds to the end of the transaction. (SQLite serialises writers anyway.)
/// </summary>
public static class MemberLock
{
    /// <summary>The lock column, a shadow property of <c>Members</c> (named for its first use).</summary>
    public const string Column = "PointsSerial";

    public static Task TakeAsync(ZhujiDbContext db, long memberId, CancellationToken cancellationToken)
    {
        var serial = db.Quote(Column);
        var sql = $"UPDATE {db.Quote("Members")} SET {serial} = {serial} + 1 WHERE {db.Quote("Id")} = {{0}}";
        return db.Database.ExecuteSqlRawAsync(sql, [memberId], cancellationToken);
    }

    /// <summary>Every member who has points, in one statement (the New Year expiry).</summary>
    public static Task TakeAllWithPointsAsync(ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var serial = db.Quote(Column);
        var sql = $"""UPDATE {db.Quote("Members")} SET {serial} = {serial} + 1 WHERE {db.Quote("Id")} IN (SELECT DISTINCT {db.Quote("MemberId")} FROM {db.Quote("PointsEntries")})""";
        return db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }
}
