using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Infrastructure;

/// <summary>
/// The embedded default's online backup: taken while claims are being written, it restores into a new folder as a
/// whole database holding every claim acknowledged before the backup began; old backups are pruned.
/// </summary>
[SqliteOnly]
public class BackupTests : ApiTest
{
    [Test]
    public async Task ABackupTakenDuringAStormRestoresWithEveryClaimAcknowledgedBeforeIt()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await TestCity.AdminAsync(Factory, "backup-admin", "CommunityAdmin", city.CommunityA);
        var task = await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(2), slots: 500));
        var members = await Factory.ApprovedMembersAsync(120, "backup-member-", city.CommunityA, city.BlockA1, city.WorkUnit);

        var acknowledged = new ConcurrentQueue<(long Id, long At)>();
        var backupStarted = long.MaxValue;
        using var gate = new SemaphoreSlim(8);
        var grabs = members.Select(async m =>
        {
            await gate.WaitAsync();
            try
            {
                var answer = await m.Client.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
                acknowledged.Enqueue((long.Parse(answer.Id), System.Diagnostics.Stopwatch.GetTimestamp()));
            }
            finally
            {
                gate.Release();
            }
        }).ToList();

        while (acknowledged.Count < 40)
        {
            await Task.Delay(5);
        }

        string file;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Interlocked.Exchange(ref backupStarted, System.Diagnostics.Stopwatch.GetTimestamp());
            file = (await scope.ServiceProvider.GetRequiredService<DatabaseBackupJob>().RunAsync(CancellationToken.None))!;
        }

        await Task.WhenAll(grabs);
        var before = acknowledged.Where(a => a.At < backupStarted).Select(a => a.Id).ToList();
        Assert.That(before, Has.Count.GreaterThanOrEqualTo(40));
        Assert.That(file, Does.StartWith(Path.Combine(Factory.Folder, "backups")));
        Assert.That(await SqliteBackup.IntegrityAsync(file, CancellationToken.None), Is.EqualTo("ok"));

        // Restore as the README says: the backup becomes zhuji.db of a new data folder, and the service starts on it.
        var restored = Path.Combine(Path.GetTempPath(), "zhuji-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(restored);
        File.Copy(file, Path.Combine(restored, "zhuji.db"));
        await using var again = new ZhujiApiFactory(folder: restored);
        await using var check = again.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var taskId = long.Parse(task.Id);
        var kept = await db.Claims.Where(c => c.TaskId == taskId).Select(c => c.Id).ToListAsync();
        Assert.That(before.Except(kept), Is.Empty, "every claim acknowledged before the backup began is in it");
        Assert.That(await db.Tasks.Where(t => t.Id == taskId).Select(t => t.ClaimedCount).SingleAsync(), Is.EqualTo(kept.Count), "and the count agrees with the rows");
        var login = await again.LoginAsync(members[0].OpenId);
        await login.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
    }

    [Test]
    public async Task OnlyTheNewestBackupsAreKept()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var folder = Path.Combine(Factory.Folder, "kept");
        var start = new DateTime(2026, 11, 1, 18, 30, 0, DateTimeKind.Utc);
        var files = new List<string>();
        for (var day = 0; day < 4; day++)
        {
            files.Add(await SqliteBackup.TakeAsync(db, folder, keep: 2, start.AddDays(day), CancellationToken.None));
        }

        Assert.That(Directory.GetFiles(folder).Order(), Is.EqualTo(files.TakeLast(2).Order()));
    }
}
