using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Compliance;
using Zhuji.Api.Features.HelpGroups;
using Zhuji.Api.Features.Members;
using Zhuji.Api.Features.Notices;
using Zhuji.Api.Http;
using Zhuji.Domain.Members;
using Zhuji.Domain.Notices;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>
/// 通知: admins write to a task's people, a community or a help group, members read, admins see who has read; 社区评议:
/// the community grades a member once a year, and his work unit sees it.
/// </summary>
public class NoticeAndAppraisalTests : ApiTest
{
    private readonly Mock<INotifier> notifier = new();
    private TestCity city = null!;
    private HttpClient admin = null!;

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() =>
        Task.FromResult(new ZhujiApiFactory(services: s => s.AddSingleton(notifier.Object)));

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        admin = await TestCity.AdminAsync(Factory, Unique("notice-admin-"), "CommunityAdmin", city.CommunityA);
    }

    [Test]
    public async Task ANoticeToATasksPeopleReachesOnlyThemWhoReadItAndTheAdminSeesWho()
    {
        var m = await Factory.ApprovedMembersAsync(3, Unique("nt-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var task = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(2)))).Id;
        await m[0].Client.ClaimAsync(task).ExpectAsync(HttpStatusCode.Created);
        await m[1].Client.ClaimAsync(task).ExpectAsync(HttpStatusCode.Created);

        var notice = await admin.PostJsonAsync("/api/v1/notices", new { title = "集合地点调整", body = "请于 8:30 在社区南门集合。", audience = new { taskId = task } })
            .ReadAsync<NoticeDto>(HttpStatusCode.Created);
        Assert.That((notice.Audience, notice.AudienceName, notice.Recipients, notice.Read), Is.EqualTo((NoticeAudience.Task, "反诈宣传", 2, 0)));

        var mine = await Mine(m[0].Client);
        var none = await Mine(m[2].Client);
        Assert.That((mine.Single(n => n.Id == notice.Id).Read, mine.Single(n => n.Id == notice.Id).From), Is.EqualTo((false, "反诈宣传")));
        Assert.That(none.Any(n => n.Id == notice.Id), Is.False, "not his task");

        await m[0].Client.PostAsync($"/api/v1/notices/{notice.Id}/read", null).ExpectAsync(HttpStatusCode.NoContent);
        await m[0].Client.PostAsync($"/api/v1/notices/{notice.Id}/read", null).ExpectAsync(HttpStatusCode.NoContent);
        await m[2].Client.PostAsync($"/api/v1/notices/{notice.Id}/read", null).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");

        var copy = await m[0].Client.GetAsync("/api/v1/me/personal-data").ReadAsync<Zhuji.Infrastructure.Privacy.PersonalDataDto>(HttpStatusCode.OK);
        Assert.That(copy.Notices!.Single(n => n.Title == "集合地点调整").ReadAt, Is.Not.Null, "his own data lists the notices he received");
        var seen = await admin.GetAsync($"/api/v1/notices/{notice.Id}").ReadAsync<NoticeDto>(HttpStatusCode.OK);
        var who = await admin.GetAsync($"/api/v1/notices/{notice.Id}/recipients").ReadAsync<Page<NoticeRecipientDto>>(HttpStatusCode.OK);
        var listed = await admin.GetAsync("/api/v1/notices").ReadAsync<Page<NoticeDto>>(HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That(seen.Read, Is.EqualTo(1));
            Assert.That(who.Items.Select(r => (r.MemberId, r.ReadAt is not null)), Is.EquivalentTo(new[] { (m[0].MemberId, true), (m[1].MemberId, false) }));
            Assert.That(listed.Items.Single(n => n.Id == notice.Id).Read, Is.EqualTo(1));
            Assert.That((await Mine(m[0].Client)).Single(n => n.Id == notice.Id).Read, Is.True);
        });
        var users = new List<long>();
        foreach (var member in m.Take(2))
        {
            users.Add(long.Parse((await member.Client.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK)).Id));
        }

        notifier.Verify(n => n.Notify(It.Is<Notification>(x => x.Purpose == NotificationPurpose.NoticePublished && x.UserIds.OrderBy(u => u).SequenceEqual(users.OrderBy(u => u)))), Times.Once);
    }

    [Test]
    public async Task ANoticeToACommunityOrAHelpGroupReachesTheirMembersAndBadInputChangesNothing()
    {
        var m = await Factory.ApprovedMembersAsync(2, Unique("nc-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var group = (await admin.PostJsonAsync("/api/v1/help-groups", new { communityId = city.CommunityA, name = Unique("通知团"), leaderMemberId = m[0].MemberId })
            .ReadAsync<HelpGroupDto>(HttpStatusCode.Created)).Id;
        var toGroup = await admin.PostJsonAsync("/api/v1/notices", new { title = "帮帮团例会", body = "周五晚 7 点。", audience = new { helpGroupId = group } }).ReadAsync<NoticeDto>(HttpStatusCode.Created);
        var toCommunity = await admin.PostJsonAsync("/api/v1/notices", new { title = "社区通知", body = "本周六开展环境整治。", audience = new { communityId = city.CommunityA } })
            .ReadAsync<NoticeDto>(HttpStatusCode.Created);
        Assert.Multiple(async () =>
        {
            Assert.That(toGroup.Recipients, Is.EqualTo(1));
            Assert.That(toCommunity.Recipients, Is.GreaterThanOrEqualTo(2));
            Assert.That((await Mine(m[1].Client)).Select(n => n.Id), Does.Contain(toCommunity.Id).And.Not.Contain(toGroup.Id));
        });

        var before = (await admin.GetAsync("/api/v1/notices?limit=100").ReadAsync<Page<NoticeDto>>(HttpStatusCode.OK)).Items.Count;
        await admin.PostJsonAsync("/api/v1/notices", new { title = "", body = "x", audience = new { communityId = city.CommunityA } }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await admin.PostJsonAsync("/api/v1/notices", new { title = "x", body = "x", audience = new { communityId = city.CommunityA, helpGroupId = group } })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await admin.PostJsonAsync("/api/v1/notices", new { title = "x", body = new string('长', 1001), audience = new { communityId = city.CommunityA } })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var empty = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(2)))).Id;
        await admin.PostJsonAsync("/api/v1/notices", new { title = "x", body = "x", audience = new { taskId = empty } }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await admin.PostJsonAsync("/api/v1/notices", new { title = "x", body = "x", audience = new { taskId = "999999999" } }).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        var after = (await admin.GetAsync("/api/v1/notices?limit=100").ReadAsync<Page<NoticeDto>>(HttpStatusCode.OK)).Items.Count;
        Assert.That(after, Is.EqualTo(before), "nothing half-written");
    }

    [Test]
    public async Task TheCommunityGradesAMemberOnceAYearAndHisUnitSeesIt()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("ap-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var year = DateTime.UtcNow.Year;
        var given = await admin.PostJsonAsync($"/api/v1/members/{memberId}/appraisals", new { year, grade = "优秀", comment = "积极参加楼道清理" }).ReadAsync<AppraisalDto>(HttpStatusCode.Created);
        Assert.That((given.Grade, given.GradeCode, given.Year), Is.EqualTo(("优秀", AppraisalGrade.Excellent, year)));

        await admin.PostJsonAsync($"/api/v1/members/{memberId}/appraisals", new { year, grade = "合格" }).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        await admin.PostJsonAsync($"/api/v1/members/{memberId}/appraisals", new { year = year - 1, grade = "不合格" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await admin.PostJsonAsync($"/api/v1/members/{memberId}/appraisals", new { year = year + 1, grade = "合格" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await admin.PostJsonAsync($"/api/v1/members/{memberId}/appraisals", new { year = year - 1, grade = "很好" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync($"/api/v1/members/{memberId}/appraisals", new { year = year - 1, grade = "优秀" }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await admin.PostJsonAsync($"/api/v1/members/{memberId}/appraisals", new { year = year - 1, grade = "BasicallyQualified", comment = "全年仅参加一次" })
            .ExpectAsync(HttpStatusCode.Created);

        var unitAdmin = await TestCity.AdminAsync(Factory, Unique("ap-unit-"), "WorkUnitAdmin", city.WorkUnit);
        var people = await unitAdmin.GetAsync($"/api/v1/work-units/{city.WorkUnit}/members?limit=100").ReadAsync<Page<UnitMemberDto>>(HttpStatusCode.OK);
        var last = await unitAdmin.GetAsync($"/api/v1/work-units/{city.WorkUnit}/members?limit=100&year={year - 1}").ReadAsync<Page<UnitMemberDto>>(HttpStatusCode.OK);
        var list = await admin.GetAsync($"/api/v1/communities/{city.CommunityA}/appraisals?year={year}&limit=100").ReadAsync<Page<CommunityAppraisalDto>>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That((people.Items.Single(p => p.MemberId == memberId).Appraisal, people.Items.Single(p => p.MemberId == memberId).AppraisalComment),
                Is.EqualTo(("优秀", "积极参加楼道清理")));
            Assert.That(last.Items.Single(p => p.MemberId == memberId).Appraisal, Is.EqualTo("基本合格"));
            Assert.That(list.Items.Single(p => p.MemberId == memberId).Appraisal!.Grade, Is.EqualTo("优秀"));
        });

        // His own copy of his data (PIPL) carries the grades given him.
        var his = await member.GetAsync("/api/v1/me/personal-data").ReadAsync<Zhuji.Infrastructure.Privacy.PersonalDataDto>(HttpStatusCode.OK);
        Assert.That(his.Appraisals!.Select(a => (a.Year, a.Grade)), Is.EquivalentTo(new[] { (year, "优秀"), (year - 1, "基本合格") }));
    }

    private static async Task<IReadOnlyList<MyNoticeDto>> Mine(HttpClient member) =>
        (await member.GetAsync("/api/v1/me/notices?limit=100").ReadAsync<Page<MyNoticeDto>>(HttpStatusCode.OK)).Items;
}
