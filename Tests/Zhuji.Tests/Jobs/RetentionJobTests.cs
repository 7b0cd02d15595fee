using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Auditing;
using Zhuji.Infrastructure.Data;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Jobs;

/// <summary>The retention job prunes only what has expired, as configured, never under six months, and says what it pruned.</summary>
public class RetentionJobTests
{
    private static readonly DateTimeOffset Now = TestClock.Shanghai(2027, 3, 1, 4, 30);

    [Test]
    public async Task AuditEntriesPastTheirMonthsArePrunedAndTheRestKept()
    {
        await using var api = new ZhujiApiFactory(clock: new TestClock(Now));
        var (old, recent) = await SeedAsync(api);

        await using var scope = api.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var left = await db.AuditEntries.Select(a => a.Id).ToListAsync();
        var trace = await db.AuditEntries.SingleAsync(a => a.Action == RetentionJob.Action);
        Assert.Multiple(() =>
        {
            Assert.That(result.AuditEntries, Is.GreaterThanOrEqualTo(1));
            Assert.That(left, Does.Not.Contain(old), "13 months old: past the default 12");
            Assert.That(left, Does.Contain(recent), "11 months old: kept");
            Assert.That(result.Counters, Is.EqualTo(1), "the counter whose window ended long ago");
            Assert.That(trace.After, Does.Contain("\"auditEntries\""));
        });
    }

    [Test]
    public async Task ALongerPeriodKeepsMoreAndLessThanSixMonthsIsRefusedAtStart()
    {
        await using var api = new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:Retention:AuditMonths"] = "24" }, clock: new TestClock(Now));
        var (old, _) = await SeedAsync(api);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);
            Assert.That(await scope.ServiceProvider.GetRequiredService<ZhujiDbContext>().AuditEntries.AnyAsync(a => a.Id == old), Is.True);
        }

        var tooShort = new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:Retention:AuditMonths"] = "3" });
        var refused = Assert.Catch(() => _ = tooShort.Server);
        Assert.That(refused!.ToString(), Does.Contain("AuditMonths"));
        try
        {
            await tooShort.DisposeAsync();
        }
        catch (OptionsValidationException)
        {
            // It never started.
        }
    }

    private static async Task<(long Old, long Recent)> SeedAsync(ZhujiApiFactory api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var old = new AuditEntry(null, "LoginFailed", "User", null, null, null, Now.UtcDateTime.AddMonths(-13));
        var recent = new AuditEntry(null, "LoginFailed", "User", null, null, null, Now.UtcDateTime.AddMonths(-11));
        db.AuditEntries.AddRange(old, recent);
        db.QuotaCounters.Add(new QuotaCounter { Key = $"login@test-{Guid.NewGuid():N}", Count = 3, WindowEndsAt = Now.UtcDateTime.AddDays(-3) });
        await db.SaveChangesAsync();
        return (old.Id, recent.Id);
    }
}
