using System.Net;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>技能邀请: a Professional task's admins invite the members whose skills match, each once; they find it in their invitations.</summary>
public class InvitationTests : ApiTest
{
    [Test]
    public async Task AProfessionalTaskInvitesTheMembersWithItsSkillsOnceEach()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await TestCity.AdminAsync(Factory, Unique("inv-admin-"), "CommunityAdmin", city.CommunityA);
        var lawyer = await Member("法律咨询", city.CommunityA, city.BlockA1, city.WorkUnit);
        var doctor = await Member("医疗保健", city.CommunityA, city.BlockA1, city.WorkUnit);
        var elsewhere = await Member("法律咨询", city.CommunityB, city.BlockB1, city.WorkUnit);
        var body = TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(3));
        body["knowledgeType"] = "Professional";
        body["skills"] = new[] { "法律咨询", "心理疏导" };
        var task = (await admin.PublishAsync(body)).Id;

        var sent = await admin.PostAsync($"/api/v1/tasks/{task}/invitations", null).ReadAsync<InvitationsSentDto>(HttpStatusCode.OK);
        var again = await admin.PostAsync($"/api/v1/tasks/{task}/invitations", null).ReadAsync<InvitationsSentDto>(HttpStatusCode.OK);
        var his = await lawyer.Client.GetAsync("/api/v1/me/invitations").ReadAsync<Page<MyInvitationDto>>(HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That(sent.Members.Select(m => (m.MemberId, m.MatchedSkills)), Is.EqualTo(new[] { (lawyer.MemberId, "法律咨询") }));
            Assert.That((again.Invited, again.AlreadyInvited), Is.EqualTo((0, 1)), "each once");
            Assert.That(his.Items.Single().TaskId, Is.EqualTo(task));
            Assert.That(his.Items.Single().Open, Is.True);
            Assert.That((await doctor.Client.GetAsync("/api/v1/me/invitations").ReadAsync<Page<MyInvitationDto>>(HttpStatusCode.OK)).Items, Is.Empty);
            Assert.That((await elsewhere.Client.GetAsync("/api/v1/me/invitations").ReadAsync<Page<MyInvitationDto>>(HttpStatusCode.OK)).Items, Is.Empty, "cannot see the task");
        });

        var basic = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(3)))).Id;
        var refused = await admin.PostAsync($"/api/v1/tasks/{basic}/invitations", null).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(refused.Title, Is.EqualTo(Zhuji.Domain.Tasks.TaskInvitation.NotProfessional));
        await lawyer.Client.PostAsync($"/api/v1/tasks/{task}/invitations", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task AnInvitedMemberSeesTheTaskFirstInHisFeedMarkedAndOnlyOnce()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await TestCity.AdminAsync(Factory, Unique("inv-feed-"), "CommunityAdmin", city.CommunityA);
        var lawyer = await Member("法律咨询", city.CommunityA, city.BlockA1, city.WorkUnit);
        var neighbour = await Member("书法", city.CommunityA, city.BlockA1, city.WorkUnit);
        var sooner = new List<string>();
        for (var day = 1; day <= 3; day++)
        {
            sooner.Add((await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(day)))).Id);
        }

        var body = TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(5));
        body["knowledgeType"] = "Professional";
        body["skills"] = new[] { "法律咨询" };
        var task = (await admin.PublishAsync(body)).Id;
        await admin.PostAsync($"/api/v1/tasks/{task}/invitations", null).ExpectAsync(HttpStatusCode.OK);

        var pages = await FeedAsync(lawyer.Client);
        var theirs = await FeedAsync(neighbour.Client);
        var seen = pages.SelectMany(p => p).Where(t => sooner.Contains(t.Id) || t.Id == task).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((pages[0][0].Id, pages[0][0].Invited), Is.EqualTo((task, true)), "first on the first page");
            Assert.That(seen.Select(t => t.Id), Is.EqualTo(new[] { task }.Concat(sooner)), "once, then the rest soonest first");
            Assert.That(seen.Count(t => t.Invited), Is.EqualTo(1));
            Assert.That(theirs.SelectMany(p => p).Where(t => sooner.Contains(t.Id) || t.Id == task).Select(t => (t.Id, t.Invited)),
                Is.EqualTo(sooner.Select(id => (id, false)).Append((task, false))), "the others' feed keeps its order");
        });
    }

    /// <summary>Every page of the default feed, two tasks a page.</summary>
    private static async Task<List<List<TaskDto>>> FeedAsync(HttpClient member)
    {
        var pages = new List<List<TaskDto>>();
        string? cursor = null;
        do
        {
            var page = await member.GetAsync($"/api/v1/tasks?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}").ReadAsync<Page<TaskDto>>(HttpStatusCode.OK);
            pages.Add(page.Items.ToList());
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 50);
        return pages;
    }

    private async Task<(HttpClient Client, string MemberId)> Member(string skill, string community, string block, string unit)
    {
        var openId = Unique("inv-m-");
        var member = await Factory.LoginAsync(openId);
        var registration = await member.RegisterAsync(Registrations.Body(community, block, unit, name: "技能党员", skills: [skill]));
        var approved = await (await Factory.CityAdminAsync()).ApproveAsync(registration.Id);
        return (await Factory.LoginAsync(openId), approved.MemberId!);
    }
}
