using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Registrations;

/// <summary>Tells a work unit's admins (where a template is configured) that one of their people changed.</summary>
public sealed class WorkUnitNotices(ZhujiDbContext db, INotifier notifier)
{
    /// <summary>One message per entry of the feed a transition wrote (after it was saved).</summary>
    public async Task TellAsync(IEnumerable<WorkUnitChange> feed, CancellationToken cancellationToken)
    {
        foreach (var entry in feed)
        {
            var admins = await db.RoleAssignments
                .Where(r => r.Role == Role.WorkUnitAdmin && r.ScopeId == entry.WorkUnitId)
                .Select(r => r.UserId).ToArrayAsync(cancellationToken);
            notifier.Tell(Messages.MemberChanged(entry, admins));
        }
    }
}
