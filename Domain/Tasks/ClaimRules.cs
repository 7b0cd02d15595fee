namespace Zhuji.Domain.Tasks;

/// <summary>What a grab can come to. Expected outcomes, not exceptions: a full task is normal.</summary>
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

/// <summary>Who sees which task, and when claims are taken.</summary>
public static class ClaimRules
{
    /// <summary>A member sees every City task, his community's and his block's.</summary>
    public static bool IsVisibleTo(TaskTier tier, long? scopeId, long memberCommunityId, long memberBlockId) => tier switch
    {
        TaskTier.City => true,
        TaskTier.Community => scopeId == memberCommunityId,
        TaskTier.Block => scopeId == memberBlockId,
        _ => false,
    };

    /// <summary>Claims are taken while the task is published and before it (or the shift) starts.</summary>
    public static bool WindowOpen(VolunteerTaskStatus status, DateTime startsAt, DateTime now) =>
        status == VolunteerTaskStatus.Published && now < startsAt;
}
