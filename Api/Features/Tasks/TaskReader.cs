using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Tasks;

/// <summary>Reads tasks for the answer: a page of them with their shifts and, for a member, whether he holds a claim.</summary>
public sealed class TaskReader(ZhujiDbContext db, TimeProvider clock)
{
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
                .Where(Claim.Stands).Where(c => c.MemberId == memberId && ids.Contains(c.TaskId))
                .Select(c => c.TaskId).ToListAsync(cancellationToken)).ToHashSet();
        }

        var byTask = shifts.ToLookup(s => s.TaskId);
        var now = clock.GetUtcNow().UtcDateTime;
        return tasks.Select(t => TaskMapping.ToDto(t, byTask[t.Id].ToList(), mine?.Contains(t.Id), now)).ToList();
    }

    public async Task<TaskDto> ToDtoAsync(VolunteerTask task, long? memberId, CancellationToken cancellationToken) =>
        (await ToDtosAsync([task], memberId, cancellationToken))[0];
}
