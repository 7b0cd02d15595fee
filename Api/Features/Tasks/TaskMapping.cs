using System.Globalization;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;

namespace Zhuji.Api.Features.Tasks;

/// <summary>A claim as the grab path knows it, without reading it back (the task's facts came with the grab's one read).</summary>
public sealed record ClaimSummary(
    long Id, long TaskId, long? ShiftId, long MemberId, ClaimStatus Status, DateTime ClaimedAt, string TaskTitle, ServiceCategory Category, DateTime TaskStartsAt, long? HelpGroupId = null);

/// <summary>Tasks and claims as the API answers them.</summary>
public static class TaskMapping
{
    public static TaskDto ToDto(VolunteerTask t, IReadOnlyCollection<TaskShift> shifts, bool? claimedByMe, DateTime now)
    {
        var availability = TaskAvailability.Of(t, shifts, now);
        return new(
            Ids.Format(t.Id), t.Tier, Ids.Format(t.ScopeId), t.Category, t.Title, t.Description, t.Location, t.StartsAt, t.EndsAt,
            t.Slots, t.Flags, t.KnowledgeType, t.Skills, t.AllowGroupClaims, t.Status, t.ClaimedCount,
            shifts.Select(s => new ShiftDto(Ids.Format(s.Id), s.StartsAt, s.EndsAt, s.Slots, s.ClaimedCount)).ToList(),
            t.PublishedAt, Ids.Format(t.WishId), claimedByMe, availability.Open, availability.Remaining, t.CancelReason,
            t.CheckInRequired, t.Geofence is { } g ? new GeofenceDto(g.Latitude, g.Longitude, g.RadiusMeters) : null, Ids.Format(t.SeriesId));
    }

    public static ClaimSummary Summary(Claim c, string taskTitle, ServiceCategory category, DateTime taskStartsAt) =>
        new(c.Id, c.TaskId, c.ShiftId, c.MemberId, c.Status, c.ClaimedAt, taskTitle, category, taskStartsAt, c.HelpGroupId);

    public static ClaimDto ToDto(ClaimSummary c) => new(
        Ids.Format(c.Id), Ids.Format(c.TaskId), Ids.Format(c.ShiftId), Ids.Format(c.MemberId), c.Status, c.ClaimedAt,
        Ids.Format(c.HelpGroupId), null, null, null, c.TaskTitle, c.Category, c.TaskStartsAt);

    /// <summary>A claim with its task's title, kind and start: what <c>GET /me/claims</c> shows, and every write answers.</summary>
    public static ClaimDto ToDto(Claim c, string taskTitle, ServiceCategory category, DateTime taskStartsAt, bool reported) => new(
        Ids.Format(c.Id), Ids.Format(c.TaskId), Ids.Format(c.ShiftId), Ids.Format(c.MemberId), c.Status, c.ClaimedAt,
        Ids.Format(c.HelpGroupId), RecordOf(c), c.RejectReason, c.DecidedAt, taskTitle, category, taskStartsAt, AttendanceOf(c), reported);

    public static ClaimDto ToDto(Claim c, VolunteerTask task) => ToDto(c, task.Title, task.Category, task.StartsAt, task.Reported);

    /// <summary>The check-in and check-out, if he has checked in (or a long day was flagged on his record).</summary>
    public static AttendanceDto? AttendanceOf(Claim c) =>
        c.CheckedInAt is null && !c.NeedsReview ? null : new AttendanceDto(c.CheckedInAt, c.CheckedOutAt, c.CheckedHours, c.NeedsReview, c.LateCheckOut);

    public static ServiceRecordDto? RecordOf(Claim c) =>
        c.SubmittedAt is null ? null : new ServiceRecordDto(c.ServedAt!.Value, c.Hours ?? 0, c.Content ?? "", c.Place ?? "", c.PhotoUrls);
}

/// <summary>The feed's cursor: the start and id of the last task seen.</summary>
public static class FeedCursor
{
    public static string Of(TaskDto task) =>
        $"{task.StartsAt.Ticks.ToString(CultureInfo.InvariantCulture)}:{task.Id}";

    public static bool TryParse(string? after, out DateTime startsAt, out long id)
    {
        startsAt = default;
        id = 0;
        if (after is null)
        {
            return true;
        }

        var parts = after.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ||
            ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || !Ids.TryParse(parts[1], out id))
        {
            return false;
        }

        startsAt = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }
}
