using Zhuji.Domain.Common;

namespace Zhuji.Domain.Tasks;

/// <summary>
/// 技能邀请: for a Professional task (专业型) its admins invite the members who may take it and whose skills match the
/// task's; each member once per task. An invited member finds it in his invitations and is told.
/// </summary>
public sealed class TaskInvitation
{
    /// <summary>The most members one call invites (the first by registration).</summary>
    public const int MaxPerCall = 200;

    /// <summary>
    /// Invited members see them first: the open tasks he is invited to (the soonest, at most this many) head the first
    /// page of his feed, marked, and are not repeated below.
    /// </summary>
    public const int PinnedInFeed = 5;

    /// <summary>How many invited tasks head a page of <paramref name="limit"/>: one place at least is left to the rest.</summary>
    public static int PinnedOn(int limit) => Math.Clamp(limit - 1, 0, PinnedInFeed);

    public const string NotProfessional = "只有专业型任务可以按技能邀请党员";
    public const string NoSkills = "任务未填写技能要求，无法匹配党员";
    public const string Closed = "任务已开始、已结束报名或已取消，不能邀请";

    private TaskInvitation()
    {
    }

    public TaskInvitation(long taskId, long memberId, string matchedSkills, long invitedByUserId, DateTime now) =>
        (TaskId, MemberId, MatchedSkills, InvitedByUserId, InvitedAt) = (taskId, memberId, matchedSkills, invitedByUserId, now);

    public long Id { get; private set; }
    public long TaskId { get; private set; }
    public long MemberId { get; private set; }

    /// <summary>The task's skills he has, as shown to him (、-separated).</summary>
    public string MatchedSkills { get; private set; } = "";

    public long InvitedByUserId { get; private set; }
    public DateTime InvitedAt { get; private set; }

    /// <summary>A task takes invitations when it is Professional, names skills, is published and has not started.</summary>
    public static void EnsureInvitable(VolunteerTask task, DateTime now)
    {
        if (task.KnowledgeType != KnowledgeType.Professional)
        {
            throw DomainException.InvalidState(NotProfessional);
        }

        if (task.Skills.Count == 0)
        {
            throw DomainException.InvalidState(NoSkills);
        }

        if (task.Status != VolunteerTaskStatus.Published || task.StartsAt <= now)
        {
            throw DomainException.InvalidState(Closed);
        }
    }

    /// <summary>The task's skills a member has (trimmed, case-insensitive), in the task's order; none: he does not match.</summary>
    public static IReadOnlyList<string> Matching(IReadOnlyList<string> taskSkills, IReadOnlyList<string> memberSkills)
    {
        var his = memberSkills.Select(s => s.Trim()).Where(s => s.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return taskSkills.Select(s => s.Trim()).Where(his.Contains).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
