using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Tasks;

namespace Zhuji.Infrastructure.Data;

/// <summary>A member given a freed place from the waitlist: he is told after the commit.</summary>
public sealed record Promotion(long TaskId, long? ShiftId, long MemberId, long ClaimId);

/// <summary>
/// 候补递补: the freed places of a task (or shift) go to the first in line, inside the caller's write transaction —
/// the one that freed them (a claim let go, an account cancelled, more places, a member joining a line when a place
/// was free after all). The place is taken with the grab's own conditional update first, which on a server database
/// locks the task's row until the commit: two transactions freeing places on one task promote one after the other,
/// each seeing the other's promotion, and a grab arriving meanwhile finds the place taken. So a freed place never
/// stays empty while someone waits, nobody is promoted twice, and never more claims than places.
/// </summary>
public static class Waitlists
{
    /// <summary>The most of a task's line its admins see at once.</summary>
    public const int MaxShown = 500;

    public static async Task<IReadOnlyList<Promotion>> PromoteAsync(this ZhujiDbContext db, GrabStatements statements, long taskId, long? shiftId, DateTime now,
        CancellationToken cancellationToken)
    {
        var promoted = new List<Promotion>();
        var key = shiftId ?? 0;
        if (!await db.WaitlistEntries.AnyAsync(e => e.TaskId == taskId && e.ShiftKey == key && e.Status == WaitlistStatus.Waiting, cancellationToken))
        {
            return promoted; // the common case, read without a lock: nobody waits (a joiner promotes himself, see the class)
        }

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        while (await statements.TakeSlotsAsync(taskId, shiftId, 1, now, cancellationToken))
        {
            var next = await NextInLineAsync(db, taskId, key, now, cancellationToken);
            if (next is null)
            {
                await statements.ReleaseSlotAsync(taskId, shiftId, cancellationToken);
                break;
            }

            var claim = Claim.Grab(taskId, shiftId, next.MemberId, now);
            db.Claims.Add(claim);
            await db.SaveChangesAsync(cancellationToken);
            next.Promote(claim.Id, now);
            await db.SaveChangesAsync(cancellationToken);
            promoted.Add(new Promotion(taskId, shiftId, next.MemberId, claim.Id));
        }

        await transaction.CommitAsync(cancellationToken);
        return promoted;
    }

    /// <summary>
    /// The first in line who can take the place; those ahead of him for whom the line no longer applies (he holds a
    /// place on it already) leave it.
    /// </summary>
    private static async Task<WaitlistEntry?> NextInLineAsync(ZhujiDbContext db, long taskId, long key, DateTime now, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = await db.WaitlistEntries.Where(e => e.TaskId == taskId && e.ShiftKey == key && e.Status == WaitlistStatus.Waiting)
                .OrderBy(e => e.Id).FirstOrDefaultAsync(cancellationToken);
            if (next is null)
            {
                return null;
            }

            var holds = await db.Claims.Where(Claim.Stands).AnyAsync(c => c.TaskId == taskId && c.ShiftKey == key && c.MemberId == next.MemberId,
                cancellationToken);
            if (!holds)
            {
                return next;
            }

            next.Leave(now);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>His place in the line: 1 for the first.</summary>
    public static Task<int> PositionAsync(this ZhujiDbContext db, WaitlistEntry entry, CancellationToken cancellationToken) =>
        db.WaitlistEntries.CountAsync(e => e.TaskId == entry.TaskId && e.ShiftKey == entry.ShiftKey && e.Status == WaitlistStatus.Waiting && e.Id <= entry.Id,
            cancellationToken);

    /// <summary>The members' reliability (<see cref="Reliability"/>), for the claims an admin is about to confirm.</summary>
    public static async Task<Dictionary<long, Reliability>> ReliabilityAsync(this ZhujiDbContext db, IReadOnlyCollection<long> memberIds, CancellationToken cancellationToken)
    {
        var ids = memberIds.Distinct().ToList();
        var rows = await db.Claims.AsNoTracking().Where(c => ids.Contains(c.MemberId))
            .GroupBy(c => new { c.MemberId, c.Status, c.CancelledLate })
            .Select(g => new { g.Key.MemberId, g.Key.Status, g.Key.CancelledLate, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return ids.ToDictionary(id => id, id =>
        {
            var mine = rows.Where(r => r.MemberId == id).ToList();
            return new Reliability(
                mine.Where(r => r.Status != ClaimStatus.Cancelled || r.CancelledLate).Sum(r => r.Count),
                mine.Where(r => r.Status == ClaimStatus.Confirmed).Sum(r => r.Count),
                mine.Where(r => r.Status == ClaimStatus.NoShow).Sum(r => r.Count),
                mine.Where(r => r.Status == ClaimStatus.Cancelled && r.CancelledLate).Sum(r => r.Count));
        });
    }
}
