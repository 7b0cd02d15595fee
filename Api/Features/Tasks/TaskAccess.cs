using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Tasks;

/// <summary>Who sees a task, who administers it, and which tasks an admin manages.</summary>
public sealed class TaskAccess(ZhujiDbContext db, Caller caller, PlaceDirectory places, ScopeQueries scopes)
{
    /// <summary>
    /// A member sees it by tier (a member's own report: only he), an admin by scope; anyone else is told it does not exist.
    /// </summary>
    public async Task<bool> CanSeeAsync(VolunteerTask task, MemberScope? member, CancellationToken cancellationToken) =>
        (member is not null && (task.Reported ? task.PublishedByUserId == member.UserId : ClaimRules.IsVisibleTo(task.Tier, task.ScopeId, member.Home))) ||
        await AdministersAsync(task, cancellationToken);

    /// <summary>An admin of the task's tier and scope (its publisher's level, or above).</summary>
    public async Task<bool> AdministersAsync(VolunteerTask task, CancellationToken cancellationToken) =>
        await places.TaskScopeAsync(task.Tier, task.ScopeId, cancellationToken) is { } place && caller.Administers(place);

    /// <summary>
    /// The tasks an admin manages: the city all; a street its communities' and their blocks'; a community its
    /// own and its blocks'; a block its own. Null when the caller administers nothing.
    /// </summary>
    public async Task<IQueryable<VolunteerTask>?> ManagedAsync(CancellationToken cancellationToken)
    {
        if (caller.IsCityAdmin)
        {
            return db.Tasks.AsNoTracking();
        }

        var communities = await scopes.CommunitiesAsync(cancellationToken);
        var blocks = scopes.Blocks.Select(b => (long?)b).ToList();
        if (communities.Count == 0 && blocks.Count == 0)
        {
            return null;
        }

        return db.Tasks.AsNoTracking().Where(t =>
            (t.CommunityId != null && communities.Contains(t.CommunityId.Value)) ||
            (t.Tier == TaskTier.Block && blocks.Contains(t.ScopeId)));
    }
}
