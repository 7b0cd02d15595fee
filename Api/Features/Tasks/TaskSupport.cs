using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Tasks;

/// <summary>What the task and claim endpoints share: mapping, visibility, and which tasks an admin manages.</summary>
public sealed class TaskSupport(ZhujiDbContext db, Caller caller, PlaceDirectory places)
{
    /// <summary>A member sees it by tier, an admin by scope; anyone else is told it does not exist.</summary>
    public async Task<bool> CanSeeAsync(VolunteerTask task, MemberScope? member, CancellationToken cancellationToken) =>
        (member is not null && ClaimRules.IsVisibleTo(task.Tier, task.ScopeId, member.CommunityId, member.BlockId)) ||
        (await places.TaskScopeAsync(task.Tier, task.ScopeId, cancellationToken) is { } place && caller.Administers(place));

    public async Task<bool> AdministersAsync(VolunteerTask task, CancellationToken cancellationToken) =>
        await places.TaskScopeAsync(task.Tier, task.ScopeId, cancellationToken) is { } place && caller.Administers(place);

    /// <summary>Maps a page of tasks with their shifts (one query) and, for a member, whether he holds a claim.</summary>
    public async Task<List<TaskDto>> ToDtosAsync(IReadOnlyList<VolunteerTask> tasks, long? memberId, CancellationToken cancellationToken)
    {
        var ids = tasks.Select(t => t.Id).ToList();
        var withShifts = tasks.Where(t => t.HasShifts).Select(t => t.Id).ToList();
        var shifts = withShifts.Count == 0
            ? []
            : await db.TaskShifts.AsNoTracking().Where(s => withShifts.Contains(s.TaskId)).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        HashSet<long>? mine = null;
        if (memberId is not null)
        {
            mine = (await db.Claims.AsNoTracking()
                .Where(c => c.MemberId == memberId && ids.Contains(c.TaskId) && c.Status != ClaimStatus.Cancelled)
                .Select(c => c.TaskId).ToListAsync(cancellationToken)).ToHashSet();
        }

        var byTask = shifts.ToLookup(s => s.TaskId);
        return tasks.Select(t => ToDto(t, byTask[t.Id], mine?.Contains(t.Id))).ToList();
    }

    public static TaskDto ToDto(VolunteerTask t, IEnumerable<TaskShift> shifts, bool? claimedByMe) => new(
        Ids.Format(t.Id), t.Tier, Ids.Format(t.ScopeId), t.Category, t.Title, t.Description, t.Location, t.StartsAt, t.EndsAt,
        t.Slots, t.Flags, t.KnowledgeType, t.Skills, t.AllowGroupClaims, t.Status, t.ClaimedCount,
        shifts.Select(s => new ShiftDto(Ids.Format(s.Id), s.StartsAt, s.EndsAt, s.Slots, s.ClaimedCount)).ToList(),
        t.PublishedAt, Ids.Format(t.WishId), claimedByMe);

    /// <summary>
    /// The tasks an admin manages: the city all; a street its communities' and their blocks'; a community its
    /// own and its blocks'; a block its own. Null when the caller administers nothing.
    /// </summary>
    public async Task<IQueryable<VolunteerTask>?> ManagedAsync(CancellationToken cancellationToken)
    {
        var grants = caller.Grants;
        if (ScopeRules.IsCityAdmin(grants))
        {
            return db.Tasks.AsNoTracking();
        }

        var streets = grants.Where(g => g.Role == Role.StreetAdmin).Select(g => g.ScopeId!.Value).ToList();
        var communities = grants.Where(g => g.Role == Role.CommunityAdmin).Select(g => g.ScopeId!.Value).ToList();
        if (streets.Count > 0)
        {
            communities.AddRange(await db.Communities.Where(c => streets.Contains(c.StreetId)).Select(c => c.Id).ToListAsync(cancellationToken));
        }

        var blocks = grants.Where(g => g.Role == Role.BlockAdmin).Select(g => g.ScopeId).ToList();
        if (communities.Count == 0 && blocks.Count == 0)
        {
            return null;
        }

        return db.Tasks.AsNoTracking().Where(t =>
            (t.CommunityId != null && communities.Contains(t.CommunityId.Value)) ||
            (t.Tier == TaskTier.Block && blocks.Contains(t.ScopeId)));
    }

    /// <summary>Feed cursor: the start and id of the last task seen (newest first).</summary>
    public static string Cursor(TaskDto task) =>
        $"{task.StartsAt.Ticks.ToString(CultureInfo.InvariantCulture)}:{task.Id}";

    public static bool TryParseCursor(string? after, out DateTime startsAt, out long id)
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
