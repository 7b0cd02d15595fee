using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

public class TaskPublishingTests : ApiTest
{
    private TestCity city = null!;
    private static DateTimeOffset Tomorrow => DateTimeOffset.UtcNow.AddDays(1);

    [OneTimeSetUp]
    public async Task CreateCityAsync() => city = await TestCity.CreateAsync(Factory);

    [Test]
    public async Task EachTierIsPublishedByItsAdminsAndThoseAbove()
    {
        var cityAdmin = await Factory.CityAdminAsync();
        var streetA = await TestCity.AdminAsync(Factory, Unique("sa-"), "StreetAdmin", city.StreetA);
        var communityA = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var communityB = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", city.CommunityB);
        var blockA1 = await TestCity.AdminAsync(Factory, Unique("ba-"), "BlockAdmin", city.BlockA1);

        await cityAdmin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow));
        await communityA.PostJsonAsync("/api/v1/tasks", TaskHelpers.Body("City", null, Tomorrow)).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await communityA.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, Tomorrow));
        await streetA.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, Tomorrow));
        await communityB.PostJsonAsync("/api/v1/tasks", TaskHelpers.Body("Community", city.CommunityA, Tomorrow)).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await blockA1.PostJsonAsync("/api/v1/tasks", TaskHelpers.Body("Community", city.CommunityA, Tomorrow)).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var blockTask = await blockA1.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, Tomorrow));
        await communityA.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, Tomorrow));
        await blockA1.PostJsonAsync("/api/v1/tasks", TaskHelpers.Body("Block", city.BlockA2, Tomorrow)).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await communityB.PostJsonAsync("/api/v1/tasks", TaskHelpers.Body("Block", city.BlockA1, Tomorrow)).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        Assert.Multiple(() =>
        {
            Assert.That(blockTask.Tier.ToString(), Is.EqualTo("Block"));
            Assert.That(blockTask.ScopeId, Is.EqualTo(city.BlockA1));
            Assert.That(blockTask.Status.ToString(), Is.EqualTo("Published"));
            Assert.That(blockTask.ClaimedCount, Is.EqualTo(0));
        });
        var onTheWire = await blockA1.GetAsync($"/api/v1/tasks/{blockTask.Id}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(onTheWire["startsAt"]!.GetValue<string>(), Does.EndWith("+08:00"), "times go out in Beijing time");

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        Assert.That(await db.AuditEntries.AnyAsync(a => a.Action == "TaskPublished" && a.EntityId == blockTask.Id), Is.True);
    }

    [TestCase("category", "Chores")]
    [TestCase("slots", 0)]
    [TestCase("slots", 1001)]
    [TestCase("flags", 0)]
    [TestCase("flags", 6)]
    [TestCase("title", "")]
    public async Task OutOfRangeValuesAreRefusedWithTheirField(string field, object value)
    {
        var body = TaskHelpers.Body("City", null, Tomorrow);
        body[field] = value;
        var problem = await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/tasks", body).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem.Errors.Keys, Does.Contain(field));
    }

    [Test]
    public async Task TimesLengthsScopesAndShiftsAreChecked()
    {
        var admin = await Factory.CityAdminAsync();
        async Task<IEnumerable<string>> Fields(Action<Dictionary<string, object?>> change)
        {
            var body = TaskHelpers.Body("Community", city.CommunityA, Tomorrow);
            change(body);
            return (await admin.PostJsonAsync("/api/v1/tasks", body).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).Errors.Keys;
        }

        var start = Tomorrow;
        Assert.Multiple(async () =>
        {
            Assert.That(await Fields(b => b["endsAt"] = start.AddHours(-1)), Does.Contain("endsAt"));
            Assert.That(await Fields(b => (b["startsAt"], b["endsAt"]) = (DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(1))), Does.Contain("startsAt"));
            Assert.That(await Fields(b => b["title"] = new string('题', 51)), Does.Contain("title"));
            Assert.That(await Fields(b => b["description"] = new string('述', 2001)), Does.Contain("description"));
            Assert.That(await Fields(b => b["scopeId"] = null), Does.Contain("scopeId"));
            Assert.That(await Fields(b => b["knowledgeType"] = "Expert"), Does.Contain("knowledgeType"));
            Assert.That(await Fields(b => b["shifts"] = new[] { new { startsAt = start.AddHours(-1), endsAt = start.AddHours(1), slots = 10 } }), Does.Contain("shifts"));
            Assert.That(await Fields(b => b["shifts"] = new[] { new { startsAt = start, endsAt = start.AddHours(1), slots = 3 } }), Does.Contain("shifts"));
        });

        var city2 = await admin.PostJsonAsync("/api/v1/tasks", TaskHelpers.Body("City", city.CommunityA, start)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var missingScope = await admin.PostJsonAsync("/api/v1/tasks", TaskHelpers.Body("Block", "987654", start)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Multiple(() =>
        {
            Assert.That(city2.Errors.Keys, Does.Contain("scopeId"));
            Assert.That(missingScope.Errors.Keys, Does.Contain("scopeId"));
        });
    }

    [Test]
    public async Task ATaskSplitIntoShiftsShowsItsShifts()
    {
        var start = Tomorrow;
        var body = TaskHelpers.Body("Community", city.CommunityA, start, slots: 14, hours: 8);
        body["title"] = "社区疫情防控工作";
        body["shifts"] = new[]
        {
            new { startsAt = start, endsAt = start.AddHours(4), slots = 7 },
            new { startsAt = start.AddHours(4), endsAt = start.AddHours(8), slots = 7 },
        };
        var task = await (await Factory.CityAdminAsync()).PublishAsync(body);
        Assert.Multiple(() =>
        {
            Assert.That(task.Shifts, Has.Count.EqualTo(2));
            Assert.That(task.Shifts.Select(s => s.Slots), Is.All.EqualTo(7));
        });
    }
}
