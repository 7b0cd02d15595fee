using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

public class RegistrationTests : ApiTest
{
    private readonly Mock<INotifier> notifier = new();
    private TestCity city = null!;
    private HttpClient adminA = null!;

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() =>
        Task.FromResult(new ZhujiApiFactory(services: s => s.AddSingleton(notifier.Object)));

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        adminA = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
    }

    [Test]
    public async Task RegisteringIsPendingUntilTheCommunityApprovesThenMeShowsAMember()
    {
        var openId = Unique("member-");
        var member = await Factory.LoginAsync(openId);
        var created = await member.RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit, name: "李四", skills: ["法律咨询", "心理疏导"]));
        Assert.Multiple(() =>
        {
            Assert.That(created.Status.ToString(), Is.EqualTo("Pending"));
            Assert.That(created.RosterMatch.ToString(), Is.EqualTo("NotInRoster"));
            Assert.That(created.CommunityName, Does.StartWith("测试社区A"));
        });

        var pendingMe = await member.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(pendingMe.Registration!.Status, Is.EqualTo(RegistrationStatus.Pending));
            Assert.That(pendingMe.Member, Is.Null);
        });

        var approved = await adminA.ApproveAsync(created.Id);
        var me = await (await Factory.LoginAsync(openId)).GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(approved.Status.ToString(), Is.EqualTo("Approved"));
            Assert.That(me.Registration!.Status, Is.EqualTo(RegistrationStatus.Approved));
            Assert.That(me.Member!.Id, Is.EqualTo(approved.MemberId));
            Assert.That(me.Member.Name, Is.EqualTo("李四"));
            Assert.That(me.Member.CommunityId, Is.EqualTo(city.CommunityA));
            Assert.That(me.Member.BlockId, Is.EqualTo(city.BlockA1));
            Assert.That(me.Member.WorkUnitId, Is.EqualTo(city.WorkUnit));
            Assert.That(me.Roles.Select(r => r.Role), Does.Contain(Role.Member));
            Assert.That(me.DisplayName, Is.EqualTo("李四"));
        });

        notifier.Verify(n => n.Notify(It.Is<Notification>(x => x.Purpose == NotificationPurpose.RegistrationDecided && x.Fields["status"] == "已通过")), Times.AtLeastOnce);
    }

    [Test]
    public async Task ASecondRegistrationIsRegistrationExists()
    {
        var member = await Factory.LoginAsync(Unique("twice-"));
        await member.RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit));
        await member.PostJsonAsync("/api/v1/registrations", Registrations.Body(city.CommunityB, city.BlockB1, city.WorkUnit))
            .ReadProblemAsync(HttpStatusCode.Conflict, "registration_exists");
    }

    [Test]
    public async Task BadRegistrationsNameTheirFieldsAndStoreNothing()
    {
        var member = await Factory.LoginAsync(Unique("bad-"));
        var problem = await member.PostJsonAsync("/api/v1/registrations", new
        {
            name = new string('名', 21),
            phone = "12345",
            memberType = "InService",
            communityId = city.CommunityA,
            blockId = city.BlockA1,
            building = "",
            room = "301",
        }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem.Errors.Keys, Is.SupersetOf(new[] { "name", "phone", "workUnitId", "building" }));

        var wrongBlock = await member.PostJsonAsync("/api/v1/registrations", Registrations.Body(city.CommunityA, city.BlockB1, city.WorkUnit))
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var noUnit = await member.PostJsonAsync("/api/v1/registrations", Registrations.Body(city.CommunityA, city.BlockA1, "987654"))
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var residentWithUnit = await member.PostJsonAsync("/api/v1/registrations", Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit, memberType: "Resident"))
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Multiple(() =>
        {
            Assert.That(wrongBlock.Errors.Keys, Is.EquivalentTo(new[] { "blockId" }));
            Assert.That(noUnit.Errors.Keys, Is.EquivalentTo(new[] { "workUnitId" }));
            Assert.That(residentWithUnit.Errors.Keys, Is.EquivalentTo(new[] { "workUnitId" }));
        });
        await member.GetAsync("/api/v1/registrations/mine").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task PhonesAreAcceptedAsPeopleTypeThem()
    {
        var member = await Factory.LoginAsync(Unique("typed-"));
        var created = await member.RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit, phone: "+86 138-0013-8000"));
        Assert.That(created.Phone, Is.EqualTo("13800138000"));
    }

    [Test]
    public async Task AdminsOfAnotherCommunityCanNeitherSeeNorDecide()
    {
        var member = await Factory.LoginAsync(Unique("m-"));
        var registration = await member.RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit));
        var adminB = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", city.CommunityB);
        var blockAdmin = await TestCity.AdminAsync(Factory, Unique("ba-"), "BlockAdmin", city.BlockA1);
        var unitAdmin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", city.WorkUnit);

        foreach (var outsider in new[] { adminB, blockAdmin, unitAdmin, member })
        {
            await outsider.PostAsync($"/api/v1/registrations/{registration.Id}/approve", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await outsider.PostJsonAsync($"/api/v1/registrations/{registration.Id}/reject", new { reason = "不是本社区" }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await outsider.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        var streetAdmin = await TestCity.AdminAsync(Factory, Unique("sa-"), "StreetAdmin", city.StreetA);
        var listed = await streetAdmin.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations?status=Pending&limit=100").ReadAsync<Page<RegistrationDto>>(HttpStatusCode.OK);
        Assert.That(listed.Items.Select(i => i.Id), Does.Contain(registration.Id));
        var mine = await member.GetAsync("/api/v1/registrations/mine").ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        Assert.That(mine.Status.ToString(), Is.EqualTo("Pending"));
    }

    [Test]
    public async Task TheCommunityListsByStatusWithPagingAndFullPhones()
    {
        var phones = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var phone = Registrations.NewPhone();
            phones.Add(phone);
            await (await Factory.LoginAsync(Unique("list-"))).RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA2, city.WorkUnit, phone: phone));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await adminA.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations?status=Pending&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))
                .ReadAsync<Page<RegistrationDto>>(HttpStatusCode.OK);
            seen.AddRange(page.Items.Select(i => i.Phone));
            Assert.That(page.Items.Select(i => i.Status), Is.All.EqualTo(RegistrationStatus.Pending));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.That(seen, Is.SupersetOf(phones));
    }

    [Test]
    public async Task ARejectionCarriesItsReasonAndAnEditResubmits()
    {
        var member = await Factory.LoginAsync(Unique("rej-"));
        var registration = await member.RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit));
        await adminA.PostJsonAsync($"/api/v1/registrations/{registration.Id}/reject", new { reason = "房号填写有误" }).ReadAsync<RegistrationDto>(HttpStatusCode.OK);

        var rejected = await member.GetAsync("/api/v1/registrations/mine").ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Status.ToString(), Is.EqualTo("Rejected"));
            Assert.That(rejected.RejectReason, Is.EqualTo("房号填写有误"));
        });

        await adminA.PostAsync($"/api/v1/registrations/{registration.Id}/approve", null).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        var resubmitted = await member.PutJsonAsync("/api/v1/registrations/mine", Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit))
            .ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(resubmitted.Status, Is.EqualTo(RegistrationStatus.Pending));
            Assert.That(resubmitted.RejectReason, Is.Null);
            Assert.That(resubmitted.History!.Select(h => h.Kind),
                Is.EqualTo(new[] { RegistrationEventKind.Submitted, RegistrationEventKind.Rejected, RegistrationEventKind.Resubmitted }));
        });
    }

    [Test]
    public async Task AMoveGoesBackToPendingAtTheNewCommunityAndIsFedBackToTheUnit()
    {
        var unitAdmin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", city.WorkUnit);
        var unitAdminUserId = (await unitAdmin.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK)).Id;
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("mover-"), city.CommunityA, city.BlockA1, city.WorkUnit, name: "王五");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        var moved = await member.PutJsonAsync("/api/v1/registrations/mine", Registrations.Body(city.CommunityB, city.BlockB1, city.WorkUnit, name: "王五"))
            .ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(moved.Status, Is.EqualTo(RegistrationStatus.Pending));
            Assert.That(moved.CommunityId, Is.EqualTo(city.CommunityB));
            Assert.That(moved.MemberId, Is.EqualTo(memberId));
            Assert.That(moved.History!.Select(h => h.Kind), Is.EqualTo(new[] { RegistrationEventKind.Submitted, RegistrationEventKind.Approved, RegistrationEventKind.Moved }));
            Assert.That(moved.History![2].From, Does.Contain("测试社区A"));
            Assert.That(moved.History![2].To, Does.Contain("测试社区B"));
        });

        var feed = await unitAdmin.GetAsync($"/api/v1/work-units/{city.WorkUnit}/changes?since={Uri.EscapeDataString(since.ToString("O"))}&limit=100")
            .ReadAsync<Page<WorkUnitChangeDto>>(HttpStatusCode.OK);
        var entry = feed.Items.Single(i => i.MemberId == memberId && i.Kind == WorkUnitChangeKind.Moved);
        Assert.Multiple(() =>
        {
            Assert.That(entry.Name, Is.EqualTo("王五"));
            Assert.That(entry.From, Does.Contain("测试社区A"));
            Assert.That(entry.To, Does.Contain("测试社区B"));
        });
        notifier.Verify(n => n.Notify(It.Is<Notification>(x =>
            x.Purpose == NotificationPurpose.MemberChanged && x.UserIds.Contains(long.Parse(unitAdminUserId)) && x.Fields["name"] == "王五")), Times.AtLeastOnce);

        // Until community B approves, he is still where he was; then he is B's.
        var before = await member.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        Assert.That(before.Member!.CommunityId, Is.EqualTo(city.CommunityA));
        var adminB = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", city.CommunityB);
        await adminA.PostAsync($"/api/v1/registrations/{moved.Id}/approve", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await adminB.ApproveAsync(moved.Id);
        var after = await member.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(after.Member!.Id, Is.EqualTo(memberId));
            Assert.That(after.Member.CommunityId, Is.EqualTo(city.CommunityB));
            Assert.That(after.Member.BlockId, Is.EqualTo(city.BlockB1));
        });
    }

    [Test]
    public async Task ChangingUnitTellsTheOldUnitHeLeftAndTheNewOneHeJoined()
    {
        var oldAdmin = await TestCity.AdminAsync(Factory, Unique("old-"), "WorkUnitAdmin", city.WorkUnit);
        var newAdmin = await TestCity.AdminAsync(Factory, Unique("new-"), "WorkUnitAdmin", city.OtherWorkUnit);
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("transfer-"), city.CommunityA, city.BlockA1, city.WorkUnit);

        var changed = await member.PutJsonAsync("/api/v1/registrations/mine", Registrations.Body(city.CommunityA, city.BlockA1, city.OtherWorkUnit))
            .ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        Assert.That(changed.Status.ToString(), Is.EqualTo("Pending"));

        var left = await oldAdmin.GetAsync($"/api/v1/work-units/{city.WorkUnit}/changes?limit=100").ReadAsync<Page<WorkUnitChangeDto>>(HttpStatusCode.OK);
        var joined = await newAdmin.GetAsync($"/api/v1/work-units/{city.OtherWorkUnit}/changes?limit=100").ReadAsync<Page<WorkUnitChangeDto>>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(left.Items.Any(i => i.MemberId == memberId && i.Kind == WorkUnitChangeKind.LeftUnit), Is.True);
            Assert.That(joined.Items.Any(i => i.MemberId == memberId && i.Kind == WorkUnitChangeKind.JoinedUnit), Is.True);
        });
        await oldAdmin.GetAsync($"/api/v1/work-units/{city.OtherWorkUnit}/changes").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task TwoAdminsApprovingAtOnceMakeOneMember()
    {
        var member = await Factory.LoginAsync(Unique("race-"));
        var registration = await member.RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit));
        var city2 = await Factory.CityAdminAsync();
        var responses = await Task.WhenAll(
            adminA.PostAsync($"/api/v1/registrations/{registration.Id}/approve", null),
            city2.PostAsync($"/api/v1/registrations/{registration.Id}/approve", null),
            adminA.PostAsync($"/api/v1/registrations/{registration.Id}/approve", null));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(responses.Where(r => r.StatusCode != HttpStatusCode.OK).Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Conflict));

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var userId = long.Parse((await member.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK)).Id);
        Assert.That(await db.Members.CountAsync(m => m.UserId == userId), Is.EqualTo(1));
        Assert.That(await db.AuditEntries.CountAsync(a => a.Action == "RegistrationApproved" && a.EntityId == registration.Id), Is.EqualTo(1));
    }

    [Test]
    public async Task AResidentMemberNeedsNoUnitAndIsNotMatchedToARoster()
    {
        var member = await Factory.LoginAsync(Unique("retired-"));
        var created = await member.RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, null, memberType: "Resident"));
        Assert.Multiple(() =>
        {
            Assert.That(created.RosterMatch.ToString(), Is.EqualTo("NotApplicable"));
            Assert.That(created.WorkUnitId, Is.Null);
        });
    }
}
