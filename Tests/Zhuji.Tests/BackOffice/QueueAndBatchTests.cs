using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.BackOffice;

/// <summary>
/// A community secretary's day in the back office, over HTTP: the confirmation queue across tasks and members, decisions
/// in bulk (each item alone), the registration queue in bulk, and correcting a task before it starts.
/// </summary>
public class QueueAndBatchTests : ApiTest
{
    private readonly TestClock clock = new(DateTimeOffset.UtcNow);
    private readonly Mock<INotifier> notifier = new();
    private TestCity city = null!;
    private HttpClient communityAdminA = null!;

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() =>
        Task.FromResult(new ZhujiApiFactory(services: s => s.AddSingleton(notifier.Object), clock: clock));

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        communityAdminA = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
    }

    [SetUp]
    public void Now() => clock.Set(DateTimeOffset.UtcNow);

    [Test]
    public async Task TheQueueHoldsWhatTheAdminMayConfirmOldestFirstAndBatchesDecideEachAlone()
    {
        var admin = await Factory.CityAdminAsync();
        var start = clock.GetUtcNow().AddHours(1);
        var ours = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start, flags: 2))).Id;
        var cityWide = (await admin.PublishAsync(TaskHelpers.Body("City", null, start))).Id;
        var theirs = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityB, start))).Id;
        var a1 = await Factory.ApprovedMemberAsync(Unique("a1-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var a2 = await Factory.ApprovedMemberAsync(Unique("a2-"), city.CommunityA, city.BlockA2, city.WorkUnit);
        var b1 = await Factory.ApprovedMemberAsync(Unique("b1-"), city.CommunityB, city.BlockB1, city.WorkUnit);
        var onOurs = (await a1.Client.ClaimAsync(ours).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        var ourMemberCityWide = (await a2.Client.ClaimAsync(cityWide).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        var theirMemberCityWide = (await b1.Client.ClaimAsync(cityWide).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        var theirTask = (await b1.Client.ClaimAsync(theirs).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;

        clock.Advance(TimeSpan.FromHours(2));
        var photos = new Dictionary<string, string>();
        foreach (var (member, claim) in new[] { (a2, ourMemberCityWide), (a1, onOurs), (b1, theirMemberCityWide), (b1, theirTask) })
        {
            photos[claim] = await member.Client.UploadPhotoAsync();
            await member.Client.PostJsonAsync($"/api/v1/claims/{claim}/record",
                new { servedAt = clock.GetUtcNow().AddMinutes(-30), hours = 1, content = "入户宣传", place = "一号小区", photoUrls = new[] { photos[claim] } })
                .ReadAsync<ClaimDto>(HttpStatusCode.OK);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var items = (await communityAdminA.GetAsync("/api/v1/claims").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK)).Items;
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => i.Id), Is.EqualTo(new[] { ourMemberCityWide, onOurs }), "his task's claims and his members' on the city's task, oldest record first");
            Assert.That(items[1].TaskTitle, Is.EqualTo("反诈宣传"));
            Assert.That(items[1].TaskFlags, Is.EqualTo(2));
            Assert.That(items[1].Record!.PhotoUrls[0], Is.EqualTo(photos[onOurs]));
            Assert.That(items[1].MemberPhone, Does.Not.Contain("*"), "his own member's phone in full");
            Assert.That(items[1].CommunityName, Does.StartWith("测试社区A"));
        });
        var cityQueue = await admin.GetAsync($"/api/v1/claims?taskId={cityWide}").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK);
        Assert.That(cityQueue.Items.Select(i => i.Id), Is.EquivalentTo(new[] { ourMemberCityWide, theirMemberCityWide }));
        await communityAdminA.GetAsync($"/api/v1/claims?communityId={city.CommunityB}").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await a1.Client.GetAsync("/api/v1/claims").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        // One call: two of his, one he may not decide, one twice, one that does not exist.
        var batch = await communityAdminA.PostJsonAsync("/api/v1/claims/confirm-batch",
            new { claimIds = new[] { onOurs, ourMemberCityWide, theirTask, onOurs, "99999999" } }).ReadAsync<BatchResponse>(HttpStatusCode.OK);
        var results = batch.Items.ToDictionary(i => i.Id);
        Assert.Multiple(() =>
        {
            Assert.That(results.Count, Is.EqualTo(4), "a repeated id is decided once");
            Assert.That(results[onOurs].Status, Is.EqualTo("Confirmed"));
            Assert.That(results[ourMemberCityWide].Status, Is.EqualTo("Confirmed"));
            Assert.That((results[theirTask].Status, results[theirTask].Code), Is.EqualTo(("Failed", "forbidden")));
            Assert.That(results["99999999"].Code, Is.EqualTo("not_found"));
            Assert.That(batch.Succeeded, Is.EqualTo(2));
        });
        var flags = await a1.Client.GetAsync("/api/v1/me/flags").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        Assert.That(flags.Total, Is.EqualTo(2), "the task's two flags, once");

        var again = await communityAdminA.PostJsonAsync("/api/v1/claims/confirm-batch", new { claimIds = new[] { onOurs } }).ReadAsync<BatchResponse>(HttpStatusCode.OK);
        Assert.That(again.Items[0].Code, Is.EqualTo("invalid_state"));
        Assert.That((await a1.Client.GetAsync("/api/v1/me/flags").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK)).Total, Is.EqualTo(2));

        var rejected = await admin.PostJsonAsync("/api/v1/claims/reject-batch", new { claimIds = new[] { theirTask }, reason = "请补充照片" }).ReadAsync<BatchResponse>(HttpStatusCode.OK);
        Assert.That(rejected.Items[0].Status, Is.EqualTo("Rejected"));
        Assert.That((await communityAdminA.GetAsync("/api/v1/claims").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK)).Items, Is.Empty);

        await communityAdminA.PostJsonAsync("/api/v1/claims/confirm-batch", new { claimIds = Array.Empty<string>() }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await communityAdminA.PostJsonAsync("/api/v1/claims/confirm-batch", new { claimIds = Enumerable.Range(1, 101).Select(i => i.ToString()).ToArray() })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task TheQueueAndTheTaskListAreSearchedByNamePhoneOrTitle()
    {
        var start = clock.GetUtcNow().AddHours(1);
        var mark = Unique("检索");
        var flood = TaskHelpers.Body("Community", city.CommunityA, start);
        flood["title"] = $"{mark}防汛巡查";
        var sorting = TaskHelpers.Body("Community", city.CommunityA, start);
        sorting["title"] = $"{mark}垃圾分类";
        var floodTask = (await communityAdminA.PublishAsync(flood)).Id;
        var sortingTask = (await communityAdminA.PublishAsync(sorting)).Id;
        var phone = Registrations.NewPhone();
        var wang = await Factory.ApprovedMemberAsync(Unique("qa-"), city.CommunityA, city.BlockA1, city.WorkUnit, phone: phone, name: $"王{mark}");
        var li = await Factory.ApprovedMemberAsync(Unique("qb-"), city.CommunityA, city.BlockA1, city.WorkUnit, name: $"李{mark}");
        var wangClaim = (await wang.Client.ClaimAsync(floodTask).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        var liClaim = (await li.Client.ClaimAsync(sortingTask).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        clock.Advance(TimeSpan.FromHours(2));
        foreach (var (member, claim) in new[] { (wang, wangClaim), (li, liClaim) })
        {
            await member.Client.PostJsonAsync($"/api/v1/claims/{claim}/record",
                new { servedAt = clock.GetUtcNow().AddMinutes(-30), hours = 1, content = "巡查", place = "河堤" }).ExpectAsync(HttpStatusCode.OK);
        }

        async Task<List<string>> Queue(string q) =>
            (await communityAdminA.GetAsync($"/api/v1/claims?limit=100&q={Uri.EscapeDataString(q)}").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK)).Items.Select(i => i.Id).ToList();
        async Task<List<string>> Tasks(string q, string place = "") =>
            (await communityAdminA.GetAsync($"/api/v1/tasks/managed?limit=100&q={Uri.EscapeDataString(q)}{place}").ReadAsync<Page<TaskDto>>(HttpStatusCode.OK)).Items.Select(t => t.Id).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(await Queue($"王{mark}"), Is.EqualTo(new[] { wangClaim }), "by the member's name");
            Assert.That(await Queue(phone), Is.EqualTo(new[] { wangClaim }), "by his whole phone");
            Assert.That(await Queue($"{mark}垃圾"), Is.EqualTo(new[] { liClaim }), "by the task's title");
            Assert.That(await Queue(mark), Is.EquivalentTo(new[] { wangClaim, liClaim }));
            Assert.That(await Tasks($"{mark}防汛"), Is.EqualTo(new[] { floodTask }));
            Assert.That(await Tasks(mark), Is.EquivalentTo(new[] { floodTask, sortingTask }));
            var first = await communityAdminA.GetAsync($"/api/v1/claims?limit=1&q={Uri.EscapeDataString(mark)}").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK);
            var second = await communityAdminA.GetAsync($"/api/v1/claims?limit=1&q={Uri.EscapeDataString(mark)}&cursor={first.NextCursor}").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK);
            Assert.That((first.Items.Count, first.Total, second.Items.Count, second.Total), Is.EqualTo((1, (int?)2, 1, (int?)null)), "共 2 条 on the first page");
            var tasks = await communityAdminA.GetAsync($"/api/v1/tasks/managed?limit=1&q={Uri.EscapeDataString(mark)}").ReadAsync<Page<TaskDto>>(HttpStatusCode.OK);
            Assert.That(tasks.Total, Is.EqualTo(2));
            Assert.That(await Tasks(mark, $"&communityId={city.CommunityA}"), Has.Count.EqualTo(2), "the community chosen in the tree");
            Assert.That(await Tasks(mark, $"&blockId={city.BlockA1}"), Is.Empty, "a block's own tasks: none of these");
            Assert.That(await Tasks(mark, $"&communityId={city.CommunityB}"), Is.Empty, "another community: nothing of his shows");
        });
        await communityAdminA.GetAsync($"/api/v1/claims?q={new string('长', 21)}").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await communityAdminA.GetAsync($"/api/v1/tasks/managed?q={new string('长', 21)}").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await communityAdminA.GetAsync("/api/v1/tasks/managed?communityId=abc").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        // The other tests of this city read community A's queue whole: leave it as found.
        await communityAdminA.PostJsonAsync("/api/v1/claims/reject-batch", new { claimIds = new[] { wangClaim, liClaim }, reason = "检索测试" }).ExpectAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task RegistrationsAreApprovedInBulkAndNobodyApprovesHisOwn()
    {
        var communityAdminOpenId = Unique("self-");
        var self = await TestCity.AdminAsync(Factory, communityAdminOpenId, "CommunityAdmin", city.CommunityB);
        var own = (await self.RegisterAsync(Registrations.Body(city.CommunityB, city.BlockB1, city.WorkUnit))).Id;
        var others = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            others.Add((await (await Factory.LoginAsync(Unique("reg-"))).RegisterAsync(Registrations.Body(city.CommunityB, city.BlockB1, city.WorkUnit))).Id);
        }

        var elsewhere = (await (await Factory.LoginAsync(Unique("reg-"))).RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit))).Id;
        var batch = await self.PostJsonAsync("/api/v1/registrations/approve-batch", new { registrationIds = others.Append(own).Append(elsewhere).ToArray() })
            .ReadAsync<BatchResponse>(HttpStatusCode.OK);
        var results = batch.Items.ToDictionary(i => i.Id);
        Assert.Multiple(() =>
        {
            Assert.That(others.Select(o => results[o].Status), Is.All.EqualTo("Approved"));
            Assert.That(results[own].Code, Is.EqualTo("conflict_of_interest"));
            Assert.That(results[elsewhere].Code, Is.EqualTo("forbidden"));
        });

        var pending = await self.GetAsync($"/api/v1/communities/{city.CommunityB}/registrations?status=Pending").ReadAsync<Page<RegistrationDto>>(HttpStatusCode.OK);
        Assert.That(pending.Items.Select(r => r.Id), Is.EqualTo(new[] { own }));
        var back = await communityAdminA.PostJsonAsync("/api/v1/registrations/reject-batch", new { registrationIds = new[] { elsewhere }, reason = "住址不在本社区" })
            .ReadAsync<BatchResponse>(HttpStatusCode.OK);
        Assert.That(back.Items[0].Status, Is.EqualTo("Rejected"));
        await communityAdminA.PostJsonAsync("/api/v1/registrations/reject-batch", new { registrationIds = new[] { elsewhere } })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task APublisherCorrectsATaskBeforeItStartsAndItsHoldersAreTold()
    {
        var start = clock.GetUtcNow().AddDays(2);
        var task = (await communityAdminA.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start, slots: 3))).Id;
        var holder = await Factory.ApprovedMemberAsync(Unique("h-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var second = await Factory.ApprovedMemberAsync(Unique("h-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await holder.Client.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await second.Client.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created);

        object Edit(DateTimeOffset startsAt, int slots, string location = "小区南门", int flags = 1) => new
        {
            title = "反诈宣传（改期）",
            description = "带上宣传册",
            location,
            startsAt,
            endsAt = startsAt.AddHours(2),
            slots,
            flags,
            knowledgeType = "Basic",
            skills = Array.Empty<string>(),
            allowGroupClaims = false,
        };

        var below = await communityAdminA.PutJsonAsync($"/api/v1/tasks/{task}", Edit(start, 1)).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.That(below.Title, Is.EqualTo("所需人数不能少于已认领的 2 人"));

        var moved = await communityAdminA.PutJsonAsync($"/api/v1/tasks/{task}", Edit(start.AddDays(1), 2, "社区广场", flags: 3)).ReadAsync<TaskDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(moved.Title, Is.EqualTo("反诈宣传（改期）"));
            Assert.That(moved.Slots, Is.EqualTo(2));
            Assert.That(moved.ClaimedCount, Is.EqualTo(2));
            Assert.That(moved.Remaining, Is.Zero);
            Assert.That(moved.Flags, Is.EqualTo(3));
        });
        notifier.Verify(n => n.Notify(It.Is<Notification>(x => x.Purpose == NotificationPurpose.TaskChanged && x.UserIds.Length == 2 && x.Fields["place"] == "社区广场")), Times.Once);
        var third = await Factory.ApprovedMemberAsync(Unique("h-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await third.Client.ClaimAsync(task).ReadProblemAsync(HttpStatusCode.Conflict, "task_full");

        var otherCommunity = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", city.CommunityB);
        await otherCommunity.PutJsonAsync($"/api/v1/tasks/{task}", Edit(start, 5)).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        clock.Advance(TimeSpan.FromDays(3.5));
        await communityAdminA.PutJsonAsync($"/api/v1/tasks/{task}", Edit(clock.GetUtcNow().AddDays(1), 5)).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
    }
}
