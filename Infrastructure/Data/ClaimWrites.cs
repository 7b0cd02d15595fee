using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Tasks;

namespace Zhuji.Infrastructure.Data;

/// <summary>Set-based writes on claims that a domain transition asks for.</summary>
public static class ClaimWrites
{
    /// <summary>
    /// Cancels the task's open claims in one statement, inside the caller's write transaction (the task row
    /// already updated), so that no claim committed meanwhile survives on a cancelled task. Returns the users
    /// whose claims fell, to be told.
    /// </summary>
    public static async Task<long[]> ApplyAsync(this ZhujiDbContext db, TaskCancellation cancellation, CancellationToken cancellationToken)
    {
        var open = db.Claims.Where(c => c.TaskId == cancellation.TaskId && c.Status == TaskCancellation.OpenStatus);
        var users = await (from c in open
                           join m in db.Members on c.MemberId equals m.Id
                           select m.UserId).Distinct().ToArrayAsync(cancellationToken);
        await open.ExecuteUpdateAsync(u => u
            .SetProperty(c => c.Status, ClaimStatus.Cancelled)
            .SetProperty(c => c.CancelledAt, cancellation.At)
            .SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
        return users;
    }
}
