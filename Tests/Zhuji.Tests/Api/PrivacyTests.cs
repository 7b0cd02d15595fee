using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.CheckIn;
using Zhuji.Api.Features.Privacy;
using Zhuji.Api.Features.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>PIPL over HTTP: the notice, consent per version (location apart), a person's own data, cancellation (注销).</summary>
public class PrivacyTests() : CityApiTest(Morning)
{
    private static readonly DateTimeOffset Morning = TestClock.Shanghai(2026, 4, 10, 8);
    private static readonly DateTimeOffset Start = TestClock.Shanghai(2026, 4, 10, 9);

    [Test]
    public async Task TheNoticeIsPublicVersionedAndSaysWhoWhatWhyAndHowLong()
    {
        var notice = await Factory.CreateClient().GetAsync("/api/v1/privacy").ReadJsonAsync(HttpStatusCode.OK);
        var text = notice["text"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(notice["version"]!.GetValue<string>(), Does.Match("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"));
            Assert.That(notice["controller"]!.GetValue<string>(), Is.EqualTo("中共诸暨市委组织部"));
            Assert.That(text, Does.Contain("中共诸暨市委组织部").And.Contain("位置信息").And.Contain("敏感个人信息").And.Contain("12个月").And.Contain("10年"));
            Assert.That(text, Does.Contain("注销").And.Contain("下载"));
        });
    }

    [Test]
    public async Task ConsentIsRecordedPerVersionOnceAndAnOldVersionIsRefused()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("pv-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var version = await member.NoticeVersionAsync();
        var before = await member.GetAsync("/api/v1/me/consents").ReadAsync<ConsentsDto>(HttpStatusCode.OK);
        Assert.That(before.PrivacyAccepted, Is.False);

        var stale = await member.PostJsonAsync("/api/v1/me/consents", new { kind = "Privacy", version = "2020-01-01" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(stale.Title + string.Join("", stale.Errors.SelectMany(e => e.Value)), Does.Contain(version));
        await member.PostJsonAsync("/api/v1/me/consents", new { kind = "Nonsense", version }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var given = await member.PostJsonAsync("/api/v1/me/consents", new { kind = "Privacy", version }).ReadAsync<ConsentDto>(HttpStatusCode.Created);
        await member.PostJsonAsync("/api/v1/me/consents", new { kind = "Privacy", version }).ReadAsync<ConsentDto>(HttpStatusCode.OK);

        var after = await member.GetAsync("/api/v1/me/consents").ReadJsonAsync(HttpStatusCode.OK);
        var audit = await (await Factory.CityAdminAsync()).GetAsync("/api/v1/audit?action=ConsentGiven&limit=100").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(given.Version, Is.EqualTo(version));
            Assert.That(after["privacyAccepted"]!.GetValue<bool>(), Is.True);
            Assert.That(after["locationAccepted"]!.GetValue<bool>(), Is.False);
            Assert.That(after["items"]!.AsArray(), Has.Count.EqualTo(1), "agreeing twice is one consent");
            Assert.That(audit["items"]!.AsArray().Count(i => i!["after"]!["version"]?.GetValue<string>() == version), Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task APositionIsUsedOnlyUnderTheLocationConsentAndWithdrawingItEndsThat()
    {
        var task = await PublishAsync(Start, hours: 3);
        var (member, claim) = await ClaimAsync(task);
        Clock.Set(Start);
        var at = new { code = await CodeAsync(task), latitude = 29.7136, longitude = 120.2420 };
        var refused = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", at).ReadProblemAsync(HttpStatusCode.Conflict, "consent_required");
        Assert.That(refused.Title, Does.Contain("位置信息授权"));
        Assert.That((await MyClaimAsync(member, claim))["attendance"], Is.Null, "a refused check-in records nothing");

        await member.ConsentToLocationAsync();
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", at).ReadAsync<CheckedInDto>(HttpStatusCode.OK);

        await member.DeleteAsync("/api/v1/me/consents/Location").ExpectAsync(HttpStatusCode.NoContent);
        await member.DeleteAsync("/api/v1/me/consents/Privacy").ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        await member.DeleteAsync("/api/v1/me/consents/Other").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Clock.Set(Start.AddMinutes(30));
        var code = await CodeAsync(task);
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code, latitude = 29.7136, longitude = 120.2420 }).ReadProblemAsync(HttpStatusCode.Conflict, "consent_required");
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code }).ReadAsync<CheckedOutDto>(HttpStatusCode.OK);
        var consents = await member.GetAsync("/api/v1/me/consents").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(consents["locationAccepted"]!.GetValue<bool>(), Is.False);
            Assert.That(consents["items"]!.AsArray().Single(c => c!["kind"]!.GetValue<string>() == "Location")!["withdrawnAt"], Is.Not.Null);
        });
    }

    [Test]
    public async Task APersonDownloadsEverythingHeldAboutHimAsJsonAndAsAWorkbook()
    {
        var phone = Registrations.NewPhone();
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("pd-"), City.CommunityA, City.BlockA1, City.WorkUnit, phone: phone, name: "钱下载");
        await member.ConsentToLocationAsync();
        await ServeAsync(member);

        var data = await member.GetAsync("/api/v1/me/personal-data").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(data["registrations"]![0]!["phone"]!.GetValue<string>(), Is.EqualTo(phone), "his own phone, whole");
            Assert.That(data["registrations"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("钱下载"));
            Assert.That(data["member"]!["phone"]!.GetValue<string>(), Is.EqualTo(phone));
            Assert.That(data["claims"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(data["claims"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("Confirmed"));
            Assert.That(data["flags"]!.AsArray().Sum(f => f!["flags"]!.GetValue<int>()), Is.EqualTo(1));
            Assert.That(data["points"]!.AsArray(), Is.Not.Empty);
            Assert.That(data["consents"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(data["logins"]!.AsArray(), Is.Not.Empty, "his logins, with their address");
            Assert.That(data["profile"]!["openId"], Is.Not.Null);
        });

        var workbook = await member.GetAsync("/api/v1/me/personal-data?format=xlsx");
        Assert.That(workbook.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        using var printed = new PrintedWorkbook(await workbook.Content.ReadAsByteArrayAsync());
        var registrationSheet = string.Join(" ", PrintedWorkbook.Rows(printed.Sheet("报到")).SelectMany(r => r.Value));
        Assert.Multiple(() =>
        {
            Assert.That(printed.SheetNames, Is.SupersetOf(new[] { "账号", "报到", "认领", "红旗", "积分", "授权", "证明", "登录", "候补", "通知", "评议", "邀请" }));
            Assert.That(registrationSheet, Does.Contain(phone).And.Contain("钱下载"));
        });
        await member.GetAsync("/api/v1/me/personal-data?format=pdf").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var audit = await (await Factory.CityAdminAsync()).GetAsync("/api/v1/audit?action=PersonalDataExported&limit=100").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(audit["items"]!.AsArray().Select(i => i!["after"]!["format"]!.GetValue<string>()), Is.SupersetOf(new[] { "json", "xlsx" }));
    }

    [Test]
    public async Task CancellationAnonymisesThePersonKeepsHisFiguresFreesHisPlacesAndEndsHisTokens()
    {
        var phone = Registrations.NewPhone();
        var openId = Unique("leaver-");
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(openId, City.CommunityA, City.BlockA1, City.WorkUnit, phone: phone, name: "孙注销");
        await member.ConsentToLocationAsync();
        await ServeAsync(member);
        var certificate = await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026 }).ReadJsonAsync(HttpStatusCode.Created);
        var later = await PublishAsync(Start.AddDays(2), slots: 1);
        Clock.Set(Start.AddDays(1));
        await member.ClaimAsync(later).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        var city = await Factory.CityAdminAsync();
        var flagsBefore = await CommunityFlagsAsync(city);

        var cancelled = await member.PostAsync("/api/v1/me/cancellation", null).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.That(cancelled["cancelledAt"], Is.Not.Null);

        await member.GetAsync("/api/v1/me").ReadProblemAsync(HttpStatusCode.Unauthorized, "token_revoked");
        await member.GetAsync("/api/v1/tasks").ReadProblemAsync(HttpStatusCode.Unauthorized, "token_revoked");
        var members = await CommunityAdmin.GetAsync($"/api/v1/communities/{City.CommunityA}/members?limit=100").ReadJsonAsync(HttpStatusCode.OK);
        var row = members["items"]!.AsArray().Single(m => m!.Id() == memberId)!;
        var search = await CommunityAdmin.GetAsync($"/api/v1/communities/{City.CommunityA}/members?q={phone}").ReadJsonAsync(HttpStatusCode.OK);
        var verify = await Factory.CreateClient().GetAsync($"/api/v1/certificates/{certificate["serial"]}/verify").ReadJsonAsync(HttpStatusCode.OK);
        var other = await Factory.ApprovedMemberAsync(Unique("after-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        await other.Client.ClaimAsync(later).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        Assert.Multiple(async () =>
        {
            Assert.That(row["name"]!.GetValue<string>(), Is.EqualTo("已注销用户"));
            Assert.That(row["phone"]!.GetValue<string>(), Does.Not.Contain(phone[7..]));
            Assert.That(row["address"]!.GetValue<string>(), Is.Empty);
            Assert.That(row["flagsThisYear"]!.GetValue<int>(), Is.EqualTo(1), "his flags keep their figures");
            Assert.That(search["items"]!.AsArray(), Is.Empty, "his phone is gone");
            Assert.That(verify["valid"]!.GetValue<bool>(), Is.True);
            Assert.That(verify["hours"]!.GetValue<decimal>(), Is.GreaterThan(0));
            Assert.That(verify["name"]!.GetValue<string>(), Does.Not.Contain("孙"));
            Assert.That(await CommunityFlagsAsync(city), Is.EqualTo(flagsBefore), "the community's figures do not change");
        });

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            Assert.That(await db.Users.AnyAsync(u => u.OpenId == openId), Is.False, "the openid is forgotten");
            Assert.That(await db.Registrations.AnyAsync(r => r.Phone == phone), Is.False);
        }

        // The same WeChat user coming back is someone new, with nothing of the old one.
        var again = await Factory.LoginAsync(openId);
        var me = await again.GetAsync("/api/v1/me").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(me["registration"], Is.Null);
        var audit = await city.GetAsync("/api/v1/audit?action=AccountCancelled").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(audit["items"]![0]!["after"]!["releasedClaims"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task AnAdminCannotCancelHimselfFromTheMiniProgram()
    {
        var problem = await CommunityAdmin.PostAsync("/api/v1/me/cancellation", null).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.That(problem.Title, Does.Contain("管理员"));
        await CommunityAdmin.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
    }

    [Test]
    public async Task TheCommunityAdminSeesWhoAgreedToWhatInHisCommunityOnly()
    {
        var (agreed, _, _) = await Factory.ApprovedMemberAsync(Unique("cs-a-"), City.CommunityA, City.BlockA1, City.WorkUnit, name: "周同意");
        await agreed.ConsentToLocationAsync();
        await Factory.ApprovedMemberAsync(Unique("cs-b-"), City.CommunityA, City.BlockA1, City.WorkUnit, name: "吴未同意");

        var all = await CommunityAdmin.GetAsync($"/api/v1/communities/{City.CommunityA}/consents?limit=100").ReadJsonAsync(HttpStatusCode.OK);
        var missing = await CommunityAdmin.GetAsync($"/api/v1/communities/{City.CommunityA}/consents?missing=Location&limit=100").ReadJsonAsync(HttpStatusCode.OK);
        var row = all["items"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "周同意")!;
        Assert.Multiple(() =>
        {
            Assert.That(row["privacyCurrent"]!.GetValue<bool>(), Is.True);
            Assert.That(row["locationGivenAt"], Is.Not.Null);
            Assert.That(missing["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()), Does.Contain("吴未同意").And.Not.Contain("周同意"));
        });
        await CommunityAdmin.GetAsync($"/api/v1/communities/{City.CommunityB}/consents").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<int> CommunityFlagsAsync(HttpClient city) =>
        (await city.GetAsync("/api/v1/stats/city?year=2026").ReadJsonAsync(HttpStatusCode.OK))["flagsAwarded"]!.GetValue<int>();

    /// <summary>The member takes a task today, records it and the community confirms: one flag.</summary>
    private async Task ServeAsync(HttpClient member)
    {
        var task = await PublishAsync(Start);
        var (_, claim) = (member, (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id);
        Clock.Set(Start.AddHours(4));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/record", new { servedAt = Start.AddHours(1), hours = 2, content = "宣传反诈", place = "南门" }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Clock.Set(Morning);
    }

    private async Task<string> PublishAsync(DateTimeOffset startsAt, double hours = 3, int slots = 10)
    {
        var at = Clock.GetUtcNow();
        Clock.Set(Morning.AddDays(-1));
        var id = (await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, startsAt, slots: slots, hours: hours))).Id;
        Clock.Set(at);
        return id;
    }

    private async Task<(HttpClient Member, string Claim)> ClaimAsync(string task)
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("pc-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        return (member, (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id);
    }

    private async Task<string> CodeAsync(string task) =>
        (await CommunityAdmin.GetAsync($"/api/v1/tasks/{task}/checkin-code").ReadJsonAsync(HttpStatusCode.OK))["code"]!.GetValue<string>();

    private static async Task<JsonNode> MyClaimAsync(HttpClient member, string claim) =>
        (await member.GetAsync("/api/v1/me/claims").ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray().Single(c => c!.Id() == claim)!;
}
