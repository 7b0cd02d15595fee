using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Auditing;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// An audit entry written in the same save as the entity it records (<see cref="AuditEntry.Subject"/>): a new entity
/// has no id before the save, so the entry's <see cref="AuditEntry.EntityId"/> is set to it after the rows are written,
/// in the save's transaction. One save, the change and its audit row together or neither.
/// </summary>
public sealed class AuditSubjects : ISaveFollower
{
    public object? Capture(ZhujiDbContext db)
    {
        var waiting = db.AuditEntries.Local.Where(a => a.Subject is not null && a.EntityId is null).ToList();
        return waiting.Count == 0 ? null : waiting;
    }

    public async Task ApplyAsync(ZhujiDbContext db, object captured, CancellationToken cancellationToken)
    {
        foreach (var entry in (List<AuditEntry>)captured)
        {
            var id = Convert.ToString(db.Entry(entry.Subject!).Property("Id").CurrentValue, System.Globalization.CultureInfo.InvariantCulture);
            entry.Identify(id!);
            await db.AuditEntries.Where(a => a.Id == entry.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.EntityId, id), cancellationToken);
        }
    }
}
