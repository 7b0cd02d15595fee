using Zhuji.Domain.Identity;

namespace Zhuji.Domain.Tasks;

/// <summary>
/// What a grab can come to. Expected outcomes, not exceptions: a full task is normal. <see cref="Claimed"/>
/// from <see cref="ClaimRules.Decide"/> means "nothing refuses it": the database's conditional update then
/// decides who gets the last slots.
/// </summary>
public enum GrabOutcome
{
    Claimed,
    NotMember,
    NotVisible,
    TaskFull,
    AlreadyClaimed,
    WindowClosed,
    ShiftRequired,
    UnknownShift,
}

/// <summary>Whether the grab named a shift, and whether that shift is one of the task's.</summary>
public enum ShiftChoice
{
    None,
    OfTheTask,
    Unknown,
}

/// <summary>
/// What the grab path read about a task at one moment: enough to decide every expected refusal without a
/// write. For a shift, <see cref="ShiftStartsAt"/>, <see cref="ShiftSlots"/> and <see cref="ShiftClaimed"/> are
/// the shift's.
/// </summary>
public sealed record GrabSnapshot(
    TaskTier Tier,
    long? ScopeId,
    VolunteerTaskStatus Status,
    bool HasShifts,
    DateTime TaskStartsAt,
    int TaskSlots,
    int TaskClaimed,
    ShiftChoice Shift = ShiftChoice.None,
    DateTime? ShiftStartsAt = null,
    int ShiftSlots = 0,
    int ShiftClaimed = 0)
{
    /// <summary>Free places in what is being claimed (the shift, or the task).</summary>
    public int Free => Math.Max(0, HasShifts ? ShiftSlots - ShiftClaimed : TaskSlots - TaskClaimed);

    /// <summary>
    /// Why a claim for <paramref name="seats"/> places did not fit: "名额已满" when nothing is left, otherwise how
    /// many are (a help group asking for more than remain).
    /// </summary>
    public string FullReason(int seats) =>
        Free == 0 || seats <= 1 ? "名额已满" : $"剩余名额不足，仅剩 {Free} 个";
}

/// <summary>
/// Where a member lives, as far as the tiers go: the community and block whose tasks are his. While a move is
/// pending (his registration names a new home the new community has not yet approved), the old home's tasks
/// are no longer his and the new one's not yet: a move to another community leaves him the City's tasks only, a
/// move to another block of his community the City's and the community's.
/// </summary>
public readonly record struct Home(long? CommunityId, long? BlockId)
{
    public static Home Of(long communityId, long blockId, long? movingToCommunityId = null, long? movingToBlockId = null) =>
        movingToCommunityId is { } community && community != communityId ? new Home(null, null)
        : movingToBlockId is { } block && block != blockId ? new Home(communityId, null)
        : new Home(communityId, blockId);
}

/// <summary>Who sees which task, when claims are taken, why a grab is refused, and who decides a claim.</summary>
public static class ClaimRules
{
    /// <summary>A member sees every City task, his community's and his block's (see <see cref="Home"/> for a pending move).</summary>
    public static bool IsVisibleTo(TaskTier tier, long? scopeId, Home home) => tier switch
    {
        TaskTier.City => true,
        TaskTier.Community => home.CommunityId is not null && scopeId == home.CommunityId,
        TaskTier.Block => home.BlockId is not null && scopeId == home.BlockId,
        _ => false,
    };

    /// <summary>Claims are taken while the task is published and before it (or the shift) starts.</summary>
    public static bool WindowOpen(VolunteerTaskStatus status, DateTime startsAt, DateTime now) =>
        status == VolunteerTaskStatus.Published && now < startsAt;

    /// <summary>
    /// The grab ladder, the same for one member and for a help group: visible to the one claiming → a shift
    /// chosen where the task has shifts, and one of its own → the window still open → nobody named already
    /// holds a claim → enough free slots for every seat asked. The first rung that fails is the answer.
    /// </summary>
    public static GrabOutcome Decide(GrabSnapshot task, Home claimant, bool anyHoldsClaim, int seats, DateTime now)
    {
        if (!IsVisibleTo(task.Tier, task.ScopeId, claimant))
        {
            return GrabOutcome.NotVisible;
        }

        if (task.HasShifts && task.Shift == ShiftChoice.None)
        {
            return GrabOutcome.ShiftRequired;
        }

        if (task.Shift == ShiftChoice.Unknown || (!task.HasShifts && task.Shift != ShiftChoice.None))
        {
            return GrabOutcome.UnknownShift;
        }

        var (startsAt, slots, claimed) = task.HasShifts
            ? (task.ShiftStartsAt!.Value, task.ShiftSlots, task.ShiftClaimed)
            : (task.TaskStartsAt, task.TaskSlots, task.TaskClaimed);
        if (!WindowOpen(task.Status, startsAt, now))
        {
            return GrabOutcome.WindowClosed;
        }

        if (anyHoldsClaim)
        {
            return GrabOutcome.AlreadyClaimed;
        }

        return slots - claimed < seats ? GrabOutcome.TaskFull : GrabOutcome.Claimed;
    }

    /// <summary>The conditional update took nothing: the window closed meanwhile, or the slots went.</summary>
    public static GrabOutcome WhyNotTaken(VolunteerTaskStatus status, DateTime startsAt, DateTime now) =>
        WindowOpen(status, startsAt, now) ? GrabOutcome.TaskFull : GrabOutcome.WindowClosed;

    /// <summary>
    /// Who confirms or rejects a claim: an admin of the task's tier and scope (its publisher's level and above),
    /// or of the member's own community (and above it).
    /// </summary>
    public static bool MayDecide(IEnumerable<Grant> grants, Place taskScope, Place memberHome)
    {
        var held = grants as IReadOnlyCollection<Grant> ?? grants.ToList();
        return ScopeRules.Administers(held, taskScope) || ScopeRules.Administers(held, memberHome);
    }
}
