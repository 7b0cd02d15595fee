using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Groups;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Suggestions;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Wishes;

namespace Zhuji.Domain.Tests;

/// <summary>Suggestions, stewardships, help groups and wishes: who acts, and what follows.</summary>
public class CommunityLifeRuleTests
{
    private const long MemberUser = 70;

    [Test]
    public void NobodyAnswersHisOwnSuggestionOrDecidesHisOwnStewardship()
    {
        var suggestion = new Suggestion(7, Given.CommunityA, "加装电梯", "建议", false, Given.Now);
        var stewardship = new Stewardship(7, Given.CommunityA, Given.BlockA1, "3幢2单元", StewardshipKind.Stairwell, 2026, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => suggestion.Answer("采纳", true, 5, Given.CommunityA, MemberUser, MemberUser, Given.Now)).Code, Is.EqualTo(ErrorCodes.ConflictOfInterest));
            Assert.That(Given.Refusal(() => stewardship.Approve([], 1, MemberUser, MemberUser, Given.Now)).Code, Is.EqualTo(ErrorCodes.ConflictOfInterest));
            Assert.That(Given.Refusal(() => stewardship.Reject("x", MemberUser, MemberUser, Given.Now)).Code, Is.EqualTo(ErrorCodes.ConflictOfInterest));
        });
    }

    [Test]
    public void AdoptingASuggestionReturnsItsAwardDatedWhenItWasMade()
    {
        var suggestion = new Suggestion(7, Given.CommunityA, "加装电梯", "建议", false, Given.Now.AddDays(-3));
        var award = suggestion.Answer("采纳", adopt: true, flags: 2, Given.CommunityA, MemberUser, 9, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(award, Is.Not.Null);
            Assert.That((award!.MemberId, award.Flags, award.Source, award.Category, award.ServedAt),
                Is.EqualTo((7L, 2, FlagSource.Suggestion, ServiceCategory.Suggestion, Given.Now.AddDays(-3))));
            Assert.That(suggestion.Adopted, Is.True);
        });
    }

    [Test]
    public void ASuggestionNotAdoptedAwardsNothingAndIsAnsweredOnce()
    {
        var suggestion = new Suggestion(7, Given.CommunityA, "加装电梯", "建议", false, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(suggestion.Answer("感谢", adopt: false, null, Given.CommunityA, MemberUser, 9, Given.Now), Is.Null);
            Assert.That(Given.Refusal(() => suggestion.Answer("再答", true, 1, Given.CommunityA, MemberUser, 9, Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState));
        });
    }

    [Test]
    public void AStewardTakesTheFirstFreeSeat()
    {
        var stewardship = new Stewardship(7, Given.CommunityA, Given.BlockA1, "3幢2单元", StewardshipKind.Stairwell, 2026, Given.Now);
        Assert.That(stewardship.Approve([1, 3], seatsPerTarget: 3, MemberUser, 9, Given.Now), Is.EqualTo(2));
        Assert.That(stewardship.Seat, Is.EqualTo(2));
    }

    [Test]
    public void ATargetWithAllItsStewardsRefusesAnother()
    {
        var stewardship = new Stewardship(7, Given.CommunityA, Given.BlockA1, "3幢2单元", StewardshipKind.Stairwell, 2026, Given.Now);
        var refusal = Given.Refusal(() => stewardship.Approve([1], seatsPerTarget: 1, MemberUser, 9, Given.Now));
        Assert.That((refusal.Code, refusal.Message), Is.EqualTo((ErrorCodes.Conflict, "该处已有红管家")));
    }

    [Test]
    public void OnlyAnActiveStewardEarnsTheYearsFlag()
    {
        var stewardship = new Stewardship(7, Given.CommunityA, Given.BlockA1, "3幢2单元", StewardshipKind.Stairwell, 2026, Given.Now);
        Assert.That(Given.Refusal(() => stewardship.Award(1, Given.CommunityA, MemberUser, 9, Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState));
        stewardship.Approve([], 1, MemberUser, 9, Given.Now);
        var award = stewardship.Award(2, Given.CommunityA, MemberUser, 9, Given.Now);
        Assert.That((award.Source, award.SourceId, award.Flags, award.ServedAt), Is.EqualTo((FlagSource.Stewardship, stewardship.Id, 2, Given.Now)));
    }

    [Test]
    public void AStewardshipYearThatIsOverIsAwardedOnItsLastMoment()
    {
        var stewardship = new Stewardship(7, Given.CommunityA, Given.BlockA1, "3幢2单元", StewardshipKind.Stairwell, 2025, Given.Now);
        var (_, end) = ShanghaiTime.YearBounds(2025);
        Assert.That(stewardship.AwardServedAt(Given.Now), Is.EqualTo(end.AddSeconds(-1)));
    }

    [Test]
    public void TheSameStairwellWrittenTwoWaysIsOneTarget() =>
        Assert.That(Stewardship.NormalizeTarget("3 幢 ２ 单元"), Is.EqualTo("3幢2单元"));

    [Test]
    public void AHelpGroupsLeaderMustBelongToIt()
    {
        var group = new HelpGroup(Given.CommunityA, "法律帮帮团", [], "", 9, Given.Now);
        Assert.That(Given.Refusal(() => group.AppointLeader(7, [3, 4])).Errors.Keys, Is.EquivalentTo(new[] { "memberId" }));
        group.AppointLeader(7, [3, 7]);
        Assert.That(group.LeaderMemberId, Is.EqualTo(7));
    }

    [TestCase(11L, false, false, null, WishAccess.WithContact, TestName = "the resident himself sees the contact")]
    [TestCase(99L, true, false, null, WishAccess.WithContact, TestName = "the community's admin sees the contact")]
    [TestCase(99L, false, true, null, WishAccess.WithContact, TestName = "the member who took it sees the contact")]
    [TestCase(99L, false, false, Given.CommunityA, WishAccess.WithoutContact, TestName = "a member of the community sees a published wish without the contact")]
    [TestCase(99L, false, false, Given.CommunityB, WishAccess.None, TestName = "a member elsewhere does not see it")]
    public void AWishShowsItsContactOnlyToThoseWhoServeIt(long user, bool admin, bool tookIt, long? memberCommunity, WishAccess expected)
    {
        var wish = new Wish(Given.CommunityA, "辅导功课", "孩子数学", "李阿姨", "13900001111", WishChannel.MiniProgram, 11, 11, false, Given.Now);
        wish.Published(50, Given.Now);
        Assert.That(wish.AccessFor(user, admin, tookIt, memberCommunity), Is.EqualTo(expected));
    }

    [Test]
    public void AnUnpublishedWishIsNotShownToOtherMembers()
    {
        var wish = new Wish(Given.CommunityA, "辅导功课", "孩子数学", "李阿姨", "13900001111", WishChannel.MiniProgram, 11, 11, false, Given.Now);
        Assert.That(wish.AccessFor(99, false, false, Given.CommunityA), Is.EqualTo(WishAccess.None));
    }

    [Test]
    public void AWishIsPlannedAsACommunityMicroWishTaskOnlyWhileWaiting()
    {
        var wish = new Wish(Given.CommunityA, "辅导功课", "孩子数学", "李阿姨", "13900001111", WishChannel.Phone, 9, null, false, Given.Now);
        var plan = wish.PlanTask(1, 2, Given.Now.AddDays(1), Given.Now.AddDays(1).AddHours(2), null);
        Assert.That((plan.Tier, plan.ScopeId, plan.Category, plan.Location, plan.WishId), Is.EqualTo((TaskTier.Community, (long?)Given.CommunityA, ServiceCategory.MicroWish, "社区安排", (long?)wish.Id)));
        wish.Decline("不在服务范围", Given.Now);
        Assert.That(Given.Refusal(() => wish.PlanTask(1, 2, Given.Now.AddDays(1), Given.Now.AddDays(2), null)).Code, Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void AWishIsFulfilledOnceAndRatedOnceWithinOneToFive()
    {
        var wish = new Wish(Given.CommunityA, "辅导功课", "孩子数学", "李阿姨", "13900001111", WishChannel.MiniProgram, 11, 11, false, Given.Now);
        wish.Published(50, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(wish.Fulfil(Given.Now), Is.True);
            Assert.That(wish.Fulfil(Given.Now), Is.False);
            Assert.That(Given.Refusal(() => wish.Feedback(6, null, Given.Now)).Errors.Keys, Is.EquivalentTo(new[] { "rating" }));
        });
        wish.Feedback(5, "谢谢", Given.Now);
        Assert.That(Given.Refusal(() => wish.Feedback(4, null, Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState));
    }
}
