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
        var task = (await admin.PublishAsync(body)).Id();

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

        var basic = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(3)))).Id();
        var refused = await admin.PostAsync($"/api/v1/tasks/{basic}/invitations", null).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(refused.Title, Is.EqualTo(Zhuji.Domain.Tasks.TaskInvitation.NotProfessional));
        await lawyer.Client.PostAsync($"/api/v1/tasks/{task}/invitations", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<(HttpClient Client, string MemberId)> Member(string skill, string community, string block, string unit)
    {
        var openId = Unique("inv-m-");
        var member = await Factory.LoginAsync(openId);
        var registration = await member.RegisterAsync(Registrations.Body(community, block, unit, name: "技能党员", skills: [skill]));
        var approved = await (await Factory.CityAdminAsync()).ApproveAsync(registration.Id());
        return (await Factory.LoginAsync(openId), approved["memberId"]!.GetValue<string>());
    }
}
