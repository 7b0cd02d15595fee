using Zhuji.Domain.Common;

namespace Zhuji.Domain.Tasks;

public enum WaitlistStatus
{
    /// <summary>In line for the next freed place.</summary>
    Waiting,

    /// <summary>Given a freed place: <see cref="WaitlistEntry.ClaimId"/> is his claim.</summary>
    Promoted,

    /// <summary>Left the line himself, or it no longer applies to him (he holds a place, his account was cancelled).</summary>
    Left,
}

/// <summary>What a member who asks to wait for a task gets, decided on the same snapshot as a grab.</summary>
public enum WaitlistJoin
{
    /// <summary>The task is full: he joins the line (or is already in it).</summary>
    Join,

    /// <summary>A place is free: he should grab it, not wait.</summary>
    NotFull,

    /// <summary>He could not grab it even if a place were free (not visible, closed, already his…): the grab's refusal.</summary>
    Refused,
}

/// <summary>
/// 候补: a member who finds a task (or shift) full joins its line; a place freed later — a claim let go, an account
/// cancelled, the task given more places — goes to the first in line in the transaction that frees it, so a freed
/// place never stays empty while someone waits, and nobody passes the line by grabbing at the right moment.
/// </summary>
public sealed class WaitlistEntry
{
    private WaitlistEntry()
    {
    }

    public long Id { get; private set; }
    public long TaskId { get; private set; }
    public long? ShiftId { get; private set; }

    /// <summary><see cref="ShiftId"/> or 0: part of the "once in each line" unique index.</summary>
    public long ShiftKey { get; private set; }

    public long MemberId { get; private set; }
    public WaitlistStatus Status { get; private set; }
    public DateTime JoinedAt { get; private set; }

    /// <summary>When he was given a place, or left the line.</summary>
    public DateTime? EndedAt { get; private set; }

    /// <summary>The claim a promotion made for him.</summary>
    public long? ClaimId { get; private set; }

    public static WaitlistEntry Join(long taskId, long? shiftId, long memberId, DateTime now) => new()
    {
        TaskId = taskId,
        ShiftId = shiftId,
        ShiftKey = shiftId ?? 0,
        MemberId = memberId,
        Status = WaitlistStatus.Waiting,
        JoinedAt = now,
    };

    /// <summary>Whether a member may join the line, from what a grab would answer him now (<see cref="ClaimRules.Decide"/>).</summary>
    public static WaitlistJoin MayJoin(GrabOutcome wouldGrab) => wouldGrab switch
    {
        GrabOutcome.TaskFull => WaitlistJoin.Join,
        GrabOutcome.Claimed => WaitlistJoin.NotFull,
        _ => WaitlistJoin.Refused,
    };

    public const string NotFull = "名额未满，请直接抢单";
    public const string NotInLine = "您不在该任务的候补名单中";

    /// <summary>The first in line is given the freed place: <paramref name="claimId"/> is the claim made for him.</summary>
    public void Promote(long claimId, DateTime now)
    {
        EnsureWaiting();
        Status = WaitlistStatus.Promoted;
        ClaimId = claimId;
        EndedAt = now;
    }

    /// <summary>He leaves the line (or it no longer applies to him).</summary>
    public void Leave(DateTime now)
    {
        EnsureWaiting();
        Status = WaitlistStatus.Left;
        EndedAt = now;
    }

    private void EnsureWaiting()
    {
        if (Status != WaitlistStatus.Waiting)
        {
            throw DomainException.InvalidState(NotInLine);
        }
    }
}
