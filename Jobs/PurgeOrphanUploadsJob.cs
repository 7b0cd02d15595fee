using Hangfire;
using Microsoft.EntityFrameworkCore;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Uploads;

namespace Zhuji.Jobs;

/// <summary>
/// Photos uploaded and never put into a record (the member changed his mind, the app retried) are removed after a
/// week, files and rows, so the disk holds only what a record shows. Attached photos are never touched.
/// </summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class PurgeOrphanUploadsJob(ZhujiDbContext db, IUploadStore store, TimeProvider clock)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(7);
    private const int PageSize = 500;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - KeepFor;
        var removed = 0;
        while (true)
        {
            var orphans = await db.Uploads.Where(u => u.ClaimId == null && u.CreatedAt < before).OrderBy(u => u.Id).Take(PageSize).ToListAsync(cancellationToken);
            if (orphans.Count == 0)
            {
                return removed;
            }

            var ids = orphans.Select(u => u.Id).ToList();
            // The rows first, and only those still unattached: a record taking one this moment keeps it (and its files).
            await db.Uploads.Where(u => ids.Contains(u.Id) && u.ClaimId == null).ExecuteDeleteAsync(cancellationToken);
            var kept = await db.Uploads.Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
            foreach (var upload in orphans.Where(u => !kept.Contains(u.Id)))
            {
                store.Delete(UploadFiles.Image(upload.Token));
                store.Delete(UploadFiles.Thumbnail(upload.Token));
                removed++;
            }

            db.ChangeTracker.Clear();
        }
    }
}
