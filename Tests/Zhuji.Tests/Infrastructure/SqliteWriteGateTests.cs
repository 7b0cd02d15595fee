using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Infrastructure;

/// <summary>SQLite writes are serialized by a gate; however a write ends, the gate is given back.</summary>
[SqliteOnly]
public class SqliteWriteGateTests : ApiTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task AConcurrencyConflictGivesTheGateBack()
    {
        var city = await TestCity.CreateAsync(Factory);
        var registration = await (await Factory.LoginAsync(Unique("gate-"))).RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit));
        var id = long.Parse(registration.Id);

        await using var first = Factory.Services.CreateAsyncScope();
        await using var second = Factory.Services.CreateAsyncScope();
        var a = first.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var b = second.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var mine = await a.Registrations.SingleAsync(r => r.Id == id);
        var stale = await b.Registrations.SingleAsync(r => r.Id == id);
        mine.Reject("一", 1, DateTime.UtcNow);
        await a.SaveChangesAsync();
        stale.Reject("二", 1, DateTime.UtcNow);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync());

        // Had the gate leaked, this write would wait forever.
        var next = (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/streets", new { name = Unique("之后的街道") });
        Assert.That(await Task.WhenAny(next, Task.Delay(Patience)), Is.SameAs(next), "the write gate leaked");
        await next.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Test]
    public async Task AWriteTransactionDisposedWithoutCommitGivesTheGateBack()
    {
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"IdempotencyRecords\" WHERE 1 = 0");
        }

        var next = (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/streets", new { name = Unique("回滚之后") });
        Assert.That(await Task.WhenAny(next, Task.Delay(Patience)), Is.SameAs(next), "the write gate leaked");
    }

    [Test]
    public async Task AFailedSetBasedStatementGivesTheGateBack()
    {
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"NoSuchTable\" SET \"X\" = 1"));
            Assert.That(await db.Registrations.CountAsync(r => r.Status == RegistrationStatus.Pending), Is.GreaterThanOrEqualTo(0));
        }

        var next = (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/streets", new { name = Unique("失败之后") });
        Assert.That(await Task.WhenAny(next, Task.Delay(Patience)), Is.SameAs(next), "the write gate leaked");
    }

    [Test]
    public async Task TheHealthCheckDoesNotQueueBehindAWriterButAWriteDoes()
    {
        var admin = await Factory.CityAdminAsync();
        Task<HttpResponseMessage> write;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
            var health = Factory.CreateClient().GetAsync("/health");
            Assert.That(await Task.WhenAny(health, Task.Delay(Patience)), Is.SameAs(health), "/health waited for the write gate");
            await health.ReadJsonAsync(HttpStatusCode.OK);

            write = admin.PostJsonAsync("/api/v1/streets", new { name = Unique("排队的街道") });
            await Task.Delay(300);
            Assert.That(write.IsCompleted, Is.False, "a write must wait while another holds the gate");
        }

        await write.ReadJsonAsync(HttpStatusCode.Created);
    }
}
