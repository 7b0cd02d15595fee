using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Stewardships;
using Zhuji.Api.Features.Suggestions;
using Zhuji.Api.Features.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>
/// No one decides his own case: a CommunityAdmin who is also a member of his community tries every decision
/// about himself and is refused (403 conflict_of_interest); another admin of the scope decides, and the audit
/// shows who.
/// </summary>
public class ConflictOfInterestTests() : CityApiTest(TestClock.Shanghai(2026, 5, 10, 9))
{
    [Test]
    public async Task AnAdminCannotApproveOrRejectHisOwnRegistration()
    {
        var openId = Unique("self-reg-");
        var registration = await (await Factory.LoginAsync(openId)).RegisterAsync(Registrations.Body(City.CommunityA, City.BlockA1, City.WorkUnit));
        var self = await TestCity.AdminAsync(Factory, openId, "CommunityAdmin", City.CommunityA);

        var approve = await self.PostAsync($"/api/v1/registrations/{registration.Id}/approve", null).ReadProblemAsync(HttpStatusCode.Forbidden, "conflict_of_interest");
        await self.PostJsonAsync($"/api/v1/registrations/{registration.Id}/reject", new { reason = "自己退回" }).ReadProblemAsync(HttpStatusCode.Forbidden, "conflict_of_interest");
        Assert.That(approve.Title, Is.EqualTo("不能审核本人的事项"));

        var other = await TestCity.AdminAsync(Factory, Unique("other-ca-"), "CommunityAdmin", City.CommunityA);
        var approved = await other.ApproveAsync(registration.Id);
        Assert.That(approved.Status.ToString(), Is.EqualTo("Approved"));
        Assert.That(await AuditActorAsync("RegistrationApproved", registration.Id), Is.EqualTo(await UserIdAsync(other)));
    }

    [Test]
    public async Task AnAdminWhoIsAMemberCannotAwardHimselfAnyFlag()
    {
        var (_, memberId, openId) = await Factory.ApprovedMemberAsync(Unique("self-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var self = await TestCity.AdminAsync(Factory, openId, "CommunityAdmin", City.CommunityA);

        // Service for himself, five times +5: refused each time.
        for (var i = 0; i < 5; i++)
        {
            await self.PostJsonAsync($"/api/v1/members/{memberId}/service-records", Service(5)).ReadProblemAsync(HttpStatusCode.Forbidden, "conflict_of_interest");
        }

        // His own claim: recorded as the member, confirmed or rejected as the admin.
        var task = await self.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 5, 10, 14), flags: 5));
        var claim = await self.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        Clock.Set(TestClock.Shanghai(2026, 5, 10, 18));
        await self.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2026, 5, 10, 15))).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await self.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Forbidden, "conflict_of_interest");
        await self.PostJsonAsync($"/api/v1/claims/{claim.Id}/reject", new { reason = "x" }).ReadProblemAsync(HttpStatusCode.Forbidden, "conflict_of_interest");

        // His own suggestion, adopted with flags; his own stewardship.
        var suggestion = await self.PostJsonAsync("/api/v1/suggestions", new { communityId = City.CommunityA, title = "加装电梯", content = "建议加装" }).ReadAsync<SuggestionDto>(HttpStatusCode.Created);
        await self.PostJsonAsync($"/api/v1/suggestions/{suggestion.Id}/reply", new { reply = "采纳", adopt = true, flags = 5 }).ReadProblemAsync(HttpStatusCode.Forbidden, "conflict_of_interest");
        var stewardship = await self.PostJsonAsync("/api/v1/stewardships", new { blockId = City.BlockA1, target = Unique("9幢"), kind = "Stairwell" }).ReadAsync<StewardshipDto>(HttpStatusCode.Created);
        await self.PostAsync($"/api/v1/stewardships/{stewardship.Id}/approve", null).ReadProblemAsync(HttpStatusCode.Forbidden, "conflict_of_interest");
        await self.PostJsonAsync($"/api/v1/stewardships/{stewardship.Id}/reject", new { reason = "x" }).ReadProblemAsync(HttpStatusCode.Forbidden, "conflict_of_interest");

        var flags = await self.GetAsync("/api/v1/me/flags?year=2026").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        Assert.That(flags.Total, Is.Zero, "not one flag lit by his own hand");

        // Another admin of the scope decides, and the audit names him; the first admin cannot revoke his own flag either.
        var other = await TestCity.AdminAsync(Factory, Unique("peer-"), "CommunityAdmin", City.CommunityA);
        await other.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        var entry = (await self.GetAsync("/api/v1/me/flags?year=2026").ReadJsonAsync(HttpStatusCode.OK))["entries"]![0]!.Id();
        await self.PostJsonAsync($"/api/v1/flags/{entry}/revoke", new { reason = "自己撤" }).ReadProblemAsync(HttpStatusCode.Forbidden, "conflict_of_interest");
        Assert.That(await AuditActorAsync("ClaimConfirmed", claim.Id), Is.EqualTo(await UserIdAsync(other)));
    }

    [Test]
    public async Task TheCityAdminIsNoExceptionForHisOwnCase()
    {
        var openId = Unique("City-self-");
        var (_, memberId, _) = await Factory.ApprovedMemberAsync(openId, City.CommunityA, City.BlockA1, City.WorkUnit);
        var cityAdminSelf = await TestCity.AdminAsync(Factory, openId, "CityAdmin", null);
        await cityAdminSelf.PostJsonAsync($"/api/v1/members/{memberId}/service-records", Service(1)).ReadProblemAsync(HttpStatusCode.Forbidden, "conflict_of_interest");
    }

    private async Task<long?> AuditActorAsync(string action, string entityId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        return await db.AuditEntries.Where(a => a.Action == action && a.EntityId == entityId).Select(a => a.ActorUserId).SingleAsync();
    }

    private static async Task<long> UserIdAsync(HttpClient client) =>
        long.Parse((await client.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK)).Id);

    private static object Service(int flags) => new
    {
        category = "CommunityActivity",
        title = "社区值班",
        servedAt = TestClock.Shanghai(2026, 5, 9, 9),
        hours = 2,
        content = "值班",
        flags,
    };

    private static object Record(DateTimeOffset servedAt) => new { servedAt, hours = 2, content = "发放宣传资料", place = "小区南门", photoUrls = Array.Empty<string>() };
}
