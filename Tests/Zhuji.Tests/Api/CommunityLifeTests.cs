using Zhuji.Api.Features.Suggestions;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.HelpGroups;
using Zhuji.Api.Features.Stewardships;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Features.Wishes;
using Zhuji.Api.Features.Members;
using Zhuji.Api.Http;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Wishes;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>Micro-wishes, help groups, red stewards and suggestions: the five service kinds beyond activities.</summary>
public class CommunityLifeTests() : CityApiTest(TestClock.Shanghai(2026, 5, 10, 9))
{
    private readonly Mock<INotifier> notifier = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(notifier.Object);

    [Test]
    public async Task AWishIsPublishedGrabbedServedConfirmedFulfilledAndRatedOnce()
    {
        var resident = await Factory.LoginAsync(Unique("resident-"));
        var residentUserId = long.Parse((await resident.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK)).Id);
        var wish = await resident.PostJsonAsync("/api/v1/wishes", Wish(City.CommunityA)).ReadAsync<WishDto>(HttpStatusCode.Created);
        Assert.That(wish.Status.ToString(), Is.EqualTo("Submitted"));

        var pending = await CommunityAdmin.GetAsync($"/api/v1/communities/{City.CommunityA}/wishes?status=Submitted").ReadAsync<Page<WishDto>>(HttpStatusCode.OK);
        Assert.That(pending.Items.Select(w => w.Id), Does.Contain(wish.Id));

        var task = await CommunityAdmin.PostJsonAsync($"/api/v1/wishes/{wish.Id}/publish", new
        {
            slots = 1,
            flags = 2,
            startsAt = TestClock.Shanghai(2026, 5, 12, 17),
            endsAt = TestClock.Shanghai(2026, 5, 12, 19),
            location = "浣纱新村 5 幢",
        }).ReadAsync<TaskDto>(HttpStatusCode.Created);
        Assert.Multiple(() =>
        {
            Assert.That(task.Category, Is.EqualTo(ServiceCategory.MicroWish));
            Assert.That(task.WishId, Is.EqualTo(wish.Id));
            Assert.That(task.Description, Does.Not.Contain("13600001111"), "contact details stay off the public task");
        });
        await CommunityAdmin.PostJsonAsync($"/api/v1/wishes/{wish.Id}/publish", new { slots = 1, flags = 1, startsAt = TestClock.Shanghai(2026, 5, 12, 17), endsAt = TestClock.Shanghai(2026, 5, 12, 19) })
            .ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("helper-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        var seenByHelper = await member.GetAsync($"/api/v1/wishes/{wish.Id}").ReadAsync<WishDto>(HttpStatusCode.OK);
        Assert.That(seenByHelper.ContactPhone, Is.EqualTo("13600001111"));

        Clock.Set(TestClock.Shanghai(2026, 5, 12, 20));
        await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", new { servedAt = TestClock.Shanghai(2026, 5, 12, 18), hours = 1, content = "为王奶奶送餐", place = "浣纱新村 5 幢" })
            .ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await resident.PostJsonAsync($"/api/v1/wishes/{wish.Id}/feedback", new { rating = 5 }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);

        var fulfilled = await resident.GetAsync("/api/v1/wishes/mine").ReadAsync<Page<WishDto>>(HttpStatusCode.OK);
        Assert.That(fulfilled.Items[0].Status, Is.EqualTo(WishStatus.Fulfilled));
        notifier.Verify(n => n.Notify(It.Is<Notification>(x => x.Purpose == NotificationPurpose.WishUpdated && x.UserIds.Contains(residentUserId) && x.Fields["status"] == "已实现")), Times.Once);

        var rated = await resident.PostJsonAsync($"/api/v1/wishes/{wish.Id}/feedback", new { rating = 5, comment = "谢谢党员同志" }).ReadAsync<WishDto>(HttpStatusCode.OK);
        await resident.PostJsonAsync($"/api/v1/wishes/{wish.Id}/feedback", new { rating = 1 }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        var flags = await member.GetAsync("/api/v1/me/flags?year=2026").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(rated.Rating, Is.EqualTo(5));
            Assert.That(flags.Total, Is.EqualTo(2));
            Assert.That(flags.Entries[0].Category, Is.EqualTo(ServiceCategory.MicroWish));
        });
    }

    [Test]
    public async Task ADeclinedWishTellsTheResidentWhy()
    {
        var resident = await Factory.LoginAsync(Unique("resident-"));
        var wish = await resident.PostJsonAsync("/api/v1/wishes", Wish(City.CommunityA)).ReadAsync<WishDto>(HttpStatusCode.Created);
        var adminB = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", City.CommunityB);
        await adminB.PostJsonAsync($"/api/v1/wishes/{wish.Id}/decline", new { reason = "不在本社区" }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await CommunityAdmin.PostJsonAsync($"/api/v1/wishes/{wish.Id}/decline", new { reason = "已由民政部门对接" }).ReadAsync<WishDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostJsonAsync($"/api/v1/wishes/{wish.Id}/decline", new { reason = "再拒" }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        var mine = await resident.GetAsync($"/api/v1/wishes/{wish.Id}").ReadAsync<WishDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(mine.Status.ToString(), Is.EqualTo("Declined"));
            Assert.That(mine.DeclineReason, Is.EqualTo("已由民政部门对接"));
        });
    }

    [Test]
    public async Task AResidentCannotSeeOthersContactDetails()
    {
        var resident = await Factory.LoginAsync(Unique("resident-"));
        var wish = await resident.PostJsonAsync("/api/v1/wishes", Wish(City.CommunityA)).ReadAsync<WishDto>(HttpStatusCode.Created);
        var neighbour = await Factory.LoginAsync(Unique("neighbour-"));
        await neighbour.GetAsync($"/api/v1/wishes/{wish.Id}").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await neighbour.GetAsync($"/api/v1/communities/{City.CommunityA}/wishes").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var task = await CommunityAdmin.PostJsonAsync($"/api/v1/wishes/{wish.Id}/publish", new { slots = 2, flags = 1, startsAt = TestClock.Shanghai(2026, 5, 12, 9), endsAt = TestClock.Shanghai(2026, 5, 12, 11) })
            .ReadAsync<TaskDto>(HttpStatusCode.Created);
        var (bystander, _, _) = await Factory.ApprovedMemberAsync(Unique("bystander-"), City.CommunityA, City.BlockA2, City.WorkUnit);
        var seen = await bystander.GetAsync($"/api/v1/wishes/{wish.Id}").ReadAsync<WishDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(seen.ContactName, Is.Null);
            Assert.That(seen.ContactPhone, Is.Null);
            Assert.That(seen.TaskId, Is.EqualTo(task.Id));
        });
    }

    [Test]
    public async Task OnlyTheCommunityEntersWishesTakenByPhone()
    {
        var resident = await Factory.LoginAsync(Unique("resident-"));
        await resident.PostJsonAsync("/api/v1/wishes", Wish(City.CommunityA, "Phone")).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var entered = await CommunityAdmin.PostJsonAsync("/api/v1/wishes", Wish(City.CommunityA, "Phone")).ReadAsync<WishDto>(HttpStatusCode.Created);
        var bad = await resident.PostJsonAsync("/api/v1/wishes", new { communityId = City.CommunityA, title = "", description = "x", contactName = "王", contactPhone = "abc", channel = "Fax" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Multiple(() =>
        {
            Assert.That(entered.Channel.ToString(), Is.EqualTo("Phone"));
            Assert.That(bad.Errors.Keys, Does.Contain("channel"));
        });
    }

    [Test]
    public async Task ALeaderClaimsForHisGroupAllOrNothingAndNeverForOutsiders()
    {
        var people = await Factory.ApprovedMembersAsync(4, Unique("grp-") + "-", City.CommunityA, City.BlockA1, City.WorkUnit);
        var (leader, leaderId) = (people[0].Client, people[0].MemberId);
        var group = await CommunityAdmin.PostJsonAsync("/api/v1/help-groups", new { communityId = City.CommunityA, name = Unique("法律帮帮团"), skills = new[] { "法律咨询" }, description = "为居民提供法律咨询", leaderMemberId = leaderId })
            .ReadAsync<HelpGroupDto>(HttpStatusCode.Created);
        await people[1].Client.PostAsync($"/api/v1/help-groups/{group.Id}/members", null).ReadAsync<HelpGroupMemberDto>(HttpStatusCode.Created);
        await people[2].Client.PostAsync($"/api/v1/help-groups/{group.Id}/members", null).ReadAsync<HelpGroupMemberDto>(HttpStatusCode.Created);
        await people[2].Client.PostAsync($"/api/v1/help-groups/{group.Id}/members", null).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");

        var body = TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 5, 15, 9), slots: 3);
        body["allowGroupClaims"] = true;
        var task = await CommunityAdmin.PublishAsync(body);
        var noGroups = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 5, 15, 9)));

        await leader.ClaimAsync(task.Id, new { helpGroupId = group.Id, memberIds = new[] { people[1].MemberId, people[3].MemberId } })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await people[1].Client.ClaimAsync(task.Id, new { helpGroupId = group.Id, memberIds = new[] { people[1].MemberId } })
            .ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await leader.ClaimAsync(noGroups.Id, new { helpGroupId = group.Id, memberIds = new[] { people[1].MemberId } })
            .ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        // All or nothing: one of them already holds a claim, so nobody is added.
        await people[2].Client.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await leader.ClaimAsync(task.Id, new { helpGroupId = group.Id, memberIds = new[] { people[1].MemberId, people[2].MemberId } })
            .ReadProblemAsync(HttpStatusCode.Conflict, "already_claimed");
        var afterRefusal = await CommunityAdmin.GetAsync($"/api/v1/tasks/{task.Id}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        Assert.That(afterRefusal.ClaimedCount, Is.EqualTo(1));

        var created = await leader.ClaimAsync(task.Id, new { helpGroupId = group.Id, memberIds = new[] { leaderId, people[1].MemberId } })
            .ReadAsync<GroupClaimResponse>(HttpStatusCode.Created);
        var full = await CommunityAdmin.GetAsync($"/api/v1/tasks/{task.Id}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        var theirs = await people[1].Client.GetAsync("/api/v1/me/claims").ReadAsync<Page<ClaimDto>>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(created.Claims.Select(c => c.MemberId), Is.EquivalentTo(new[] { leaderId, people[1].MemberId }));
            Assert.That(created.Claims.Select(c => c.HelpGroupId), Is.All.EqualTo(group.Id));
            Assert.That(full.ClaimedCount, Is.EqualTo(3));
            Assert.That(theirs.Items.Any(c => c.TaskId == task.Id), Is.True, "each member has his own claim");
        });
        await leader.ClaimAsync(task.Id, new { helpGroupId = group.Id, memberIds = new[] { people[3].MemberId } })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var archive = await people[1].Client.GetAsync($"/api/v1/members/{people[1].MemberId}/archive?year=2026").ReadAsync<ArchiveDto>(HttpStatusCode.OK);
        Assert.That(archive.HelpGroups[0].Id, Is.EqualTo(group.Id));
    }

    [Test]
    public async Task MembersJoinOnlyTheirOwnCommunitysGroupsAndALeaderWhoLeavesIsNoLongerLeader()
    {
        var (memberA, memberAId, _) = await Factory.ApprovedMemberAsync(Unique("ga-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var (memberB, _, _) = await Factory.ApprovedMemberAsync(Unique("gb-"), City.CommunityB, City.BlockB1, City.WorkUnit);
        var group = await CommunityAdmin.PostJsonAsync("/api/v1/help-groups", new { communityId = City.CommunityA, name = Unique("睦邻社"), skills = Array.Empty<string>(), description = "" })
            .ReadAsync<HelpGroupDto>(HttpStatusCode.Created);
        await memberB.PostAsync($"/api/v1/help-groups/{group.Id}/members", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await memberA.PostAsync($"/api/v1/help-groups/{group.Id}/members", null).ReadAsync<HelpGroupMemberDto>(HttpStatusCode.Created);
        await CommunityAdmin.PutJsonAsync($"/api/v1/help-groups/{group.Id}/leader", new { memberId = memberAId }).ReadAsync<HelpGroupDto>(HttpStatusCode.OK);

        Assert.That((await memberA.DeleteAsync($"/api/v1/help-groups/{group.Id}/members")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var after = await memberA.GetAsync($"/api/v1/help-groups/{group.Id}").ReadAsync<HelpGroupDetailDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(after.Group.LeaderMemberId, Is.Null);
            Assert.That(after.Members, Is.Empty);
        });
        var listed = await memberA.GetAsync("/api/v1/help-groups").ReadAsync<Page<HelpGroupDto>>(HttpStatusCode.OK);
        Assert.That(listed.Items.Select(g => g.Id), Does.Contain(group.Id));
    }

    [Test]
    public async Task TwoStewardsForOneTargetAreRefusedUnlessTheCommunityAllowsMore()
    {
        var people = await Factory.ApprovedMembersAsync(3, Unique("stw-") + "-", City.CommunityA, City.BlockA2, City.WorkUnit);
        var target = $"{Unique("")}幢2单元";
        var first = await people[0].Client.PostJsonAsync("/api/v1/stewardships", new { blockId = City.BlockA2, target, kind = "Stairwell" }).ReadAsync<StewardshipDto>(HttpStatusCode.Created);
        var second = await people[1].Client.PostJsonAsync("/api/v1/stewardships", new { blockId = City.BlockA2, target = target.Replace("幢", " 幢 "), kind = "Stairwell" }).ReadAsync<StewardshipDto>(HttpStatusCode.Created);
        await people[0].Client.PostJsonAsync("/api/v1/stewardships", new { blockId = City.BlockA2, target, kind = "Stairwell" }).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        await people[2].Client.PostJsonAsync("/api/v1/stewardships", new { blockId = City.BlockA1, target, kind = "Stairwell" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var blockAdmin = await TestCity.AdminAsync(Factory, Unique("ba-"), "BlockAdmin", City.BlockA2);
        await blockAdmin.PostAsync($"/api/v1/stewardships/{first.Id}/approve", null).ReadAsync<StewardshipDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostAsync($"/api/v1/stewardships/{second.Id}/approve", null).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");

        await CommunityAdmin.PutJsonAsync($"/api/v1/communities/{City.CommunityA}/stewardship-settings", new { stewardsPerTarget = 2 }).ReadAsync<StewardshipSettingsDto>(HttpStatusCode.OK);
        var approved = await CommunityAdmin.PostAsync($"/api/v1/stewardships/{second.Id}/approve", null).ReadAsync<StewardshipDto>(HttpStatusCode.OK);
        var third = await people[2].Client.PostJsonAsync("/api/v1/stewardships", new { blockId = City.BlockA2, target, kind = "Stairwell" }).ReadAsync<StewardshipDto>(HttpStatusCode.Created);
        await CommunityAdmin.PostAsync($"/api/v1/stewardships/{third.Id}/approve", null).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        await CommunityAdmin.PutJsonAsync($"/api/v1/communities/{City.CommunityA}/stewardship-settings", new { stewardsPerTarget = 1 }).ReadAsync<StewardshipSettingsDto>(HttpStatusCode.OK);

        var awarded = await CommunityAdmin.PostJsonAsync($"/api/v1/stewardships/{first.Id}/award", new { flags = 2 }).ReadAsync<FlagEntryDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostJsonAsync($"/api/v1/stewardships/{first.Id}/award", new { flags = 2 }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        var archive = await people[0].Client.GetAsync($"/api/v1/members/{people[0].MemberId}/archive?year=2026").ReadAsync<ArchiveDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(approved.Status.ToString(), Is.EqualTo("Active"));
            Assert.That(awarded.Category.ToString(), Is.EqualTo("RedSteward"));
            Assert.That(archive.Stewardships[0].Status, Is.EqualTo(StewardshipStatus.Active));
            Assert.That(archive.Total, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AdoptingASuggestionAwardsFlagsOnce()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("sug-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        await member.PostJsonAsync("/api/v1/suggestions", new { communityId = City.CommunityB, title = "别的社区", content = "内容" }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var suggestion = await member.PostJsonAsync("/api/v1/suggestions", new { communityId = City.CommunityA, title = "增设电动车充电桩", content = "小区电动车充电难，建议在 3 幢旁增设充电桩" })
            .ReadAsync<SuggestionDto>(HttpStatusCode.Created);

        var replies = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            CommunityAdmin.PostJsonAsync($"/api/v1/suggestions/{suggestion.Id}/reply", new { reply = "已采纳，下月施工", adopt = true, flags = 2 }))));
        foreach (var refused in replies.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        }

        var mine = await member.GetAsync("/api/v1/suggestions/mine").ReadAsync<Page<SuggestionDto>>(HttpStatusCode.OK);
        var flags = await member.GetAsync("/api/v1/me/flags?year=2026").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        var archive = await member.GetAsync($"/api/v1/members/{memberId}/archive?year=2026").ReadAsync<ArchiveDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(replies.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
            Assert.That(mine.Items[0].Reply, Is.EqualTo("已采纳，下月施工"));
            Assert.That(mine.Items[0].Adopted, Is.True);
            Assert.That(flags.Total, Is.EqualTo(2));
            Assert.That(archive.Suggestions[0].Adopted, Is.True);
        });
    }

    private static object Wish(string communityId, string channel = "MiniProgram") => new
    {
        communityId,
        title = "为独居老人送晚餐",
        description = "5 幢王奶奶腿脚不便，希望有人帮忙送晚餐",
        contactName = "王奶奶",
        contactPhone = "13600001111",
        channel,
    };
}
