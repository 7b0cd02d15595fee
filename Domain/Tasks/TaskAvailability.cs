using System.Linq.Expressions;

namespace Zhuji.Domain.Tasks;

/// <summary>
/// Whether a member can still take a task, and how many places are left: a task is open while it is published, has
/// not started (a task with shifts: one of its shifts has not started) and a place remains. A full task is listed,
/// not open, with nothing remaining; a place freed by a withdrawal opens it again.
/// </summary>
public readonly record struct TaskAvailability(bool Open, int Remaining)
{
    public static TaskAvailability Of(VolunteerTask task, IEnumerable<TaskShift> shifts, DateTime now)
    {
        if (task.Status != VolunteerTaskStatus.Published)
        {
            return default;
        }

        if (!task.HasShifts)
        {
            return task.StartsAt > now ? Left(Math.Max(0, task.Slots - task.ClaimedCount)) : default;
        }

        var ahead = shifts.Where(s => s.StartsAt > now).ToList();
        return ahead.Count == 0 ? default : Left(ahead.Sum(s => Math.Max(0, s.Slots - s.ClaimedCount)));
    }

    private static TaskAvailability Left(int remaining) => new(remaining > 0, remaining);

    // The feed's four parts, disjoint and together every task: by default Upcoming and Running, with ?when=past
    // Started and EndedEarly. Per tier, Upcoming and EndedEarly seek the (Tier, ScopeId, Status, StartsAt) index and
    // Started walks (Tier, ScopeId, StartsAt) back from now; Running, few in the whole city, has its own index.

    /// <summary>Published and not started: what a member can still take (his tiers' index walk from now on).</summary>
    public static Expression<Func<VolunteerTask, bool>> Upcoming(DateTime now) =>
        t => t.Status == VolunteerTaskStatus.Published && t.StartsAt > now;

    /// <summary>
    /// Tasks with shifts that have begun and not ended: their later shifts still take claims, so they stay in the
    /// default feed until they end (read city-wide by the index on <c>HasShifts, Status, EndsAt</c>).
    /// </summary>
    public static Expression<Func<VolunteerTask, bool>> Running(DateTime now)
    {
        // Compared with a value (a parameter in SQL), not tested as a bare column: only "HasShifts = @p" lets SQLite
        // seek the index instead of walking every past task in start order.
        var withShifts = true;
        return t => t.HasShifts == withShifts && t.Status == VolunteerTaskStatus.Published && t.EndsAt > now && t.StartsAt <= now;
    }

    /// <summary>Started (whatever their state), except the running tasks with shifts: history, newest first.</summary>
    public static Expression<Func<VolunteerTask, bool>> Started(DateTime now) =>
        t => t.StartsAt <= now && !(t.Status == VolunteerTaskStatus.Published && t.HasShifts && t.EndsAt > now);

    /// <summary>The states a task ends in; <see cref="EndedEarly"/> takes one at a time.</summary>
    public static IReadOnlyList<VolunteerTaskStatus> Ended { get; } = [VolunteerTaskStatus.Closed, VolunteerTaskStatus.Cancelled];

    /// <summary>
    /// Closed (or cancelled) before their start, one state per query: an equality on the state seeks the tier's
    /// (Tier, ScopeId, Status, StartsAt) index in order, where "closed or cancelled" would walk the tier's future.
    /// </summary>
    public static Expression<Func<VolunteerTask, bool>> EndedEarly(DateTime now, VolunteerTaskStatus ended) =>
        t => t.Status == ended && t.StartsAt > now;
}
