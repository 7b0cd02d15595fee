using System.Globalization;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;

namespace Zhuji.Api.Features.Tasks;

/// <summary>A claim as the grab path knows it, without reading it back.</summary>
public sealed record ClaimSummary(long Id, long TaskId, long? ShiftId, long MemberId, ClaimStatus Status, DateTime ClaimedAt, long? HelpGroupId = null);

/// <summary>Tasks and claims as the API answers them.</summary>
public static class TaskMapping
{
    public static TaskDto ToDto(VolunteerTask t, IEnumerable<TaskShift> shifts, bool? claimedByMe) => new(
        Ids.Format(t.Id), t.Tier, Ids.Format(t.ScopeId), t.Category, t.Title, t.Description, t.Location, t.StartsAt, t.EndsAt,
        t.Slots, t.Flags, t.KnowledgeType, t.Skills, t.AllowGroupClaims, t.Status, t.ClaimedCount,
        shifts.Select(s => new ShiftDto(Ids.Format(s.Id), s.StartsAt, s.EndsAt, s.Slots, s.ClaimedCount)).ToList(),
        t.PublishedAt, Ids.Format(t.WishId), claimedByMe);

    public static ClaimSummary Summary(Claim c) => new(c.Id, c.TaskId, c.ShiftId, c.MemberId, c.Status, c.ClaimedAt, c.HelpGroupId);

    public static ClaimDto ToDto(ClaimSummary c) => new(
        Ids.Format(c.Id), Ids.Format(c.TaskId), Ids.Format(c.ShiftId), Ids.Format(c.MemberId), c.Status, c.ClaimedAt,
        Ids.Format(c.HelpGroupId), null, null, null, null, null, null);

    public static ClaimDto ToDto(Claim c) => new(
        Ids.Format(c.Id), Ids.Format(c.TaskId), Ids.Format(c.ShiftId), Ids.Format(c.MemberId), c.Status, c.ClaimedAt,
        Ids.Format(c.HelpGroupId), RecordOf(c), c.RejectReason, c.DecidedAt, null, null, null);

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
