using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Groups;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Wishes;

namespace Zhuji.Domain.Tests;

/// <summary>
/// The rules of the features added last, as the handlers now call them: what a confirmation awards, a help group's
/// leadership, who may apply to be a steward, who enters a wish by which channel, whom an approval makes a member.
/// </summary>
public class ConfirmationAndGroupRuleTests
{
    private const long Admin = 99;
    private static readonly DateTime Later = Given.Now.AddHours(5);

    /// <summary>A task an hour from now, a member's claim on it, and his record once it has run.</summary>
    private static (VolunteerTask Task, Member Member, Claim Claim) Recorded()
    {
        var task = Given.Task(startsAt: Given.Now.AddHours(1));
        var member = MemberOf();
        var claim = Claim.Grab(task.Id, null, member.Id, Given.Now);
        claim.Record(new ServiceRecordDetails(task.StartsAt, 2, "宣传", "南门", []), member.UserId, task.StartsAt, task.EndsAt, Later);
        return (task, member, claim);
    }

    private static Member MemberOf(long userId = 70)
    {
        var (registration, _) = Registration.Submit(userId, Given.Details(), RosterMatch.Matched, Given.Names, Given.Now.AddDays(-10));
        return Member.FromApproval(registration, Given.Now.AddDays(-9));
    }

    [Test]
    public void AConfirmationAwardsOneFlagLineThatRaisesFlagAwarded()
    {
        var (task, member, claim) = Recorded();
        var award = claim.Confirm(task, member, Admin, task.StartsAt, task.EndsAt, Later, flags: 3);

        Assert.Multiple(() =>
        {
            Assert.That((award.Kind, award.Flags, award.Source, award.ServedAt, award.CommunityId), Is.EqualTo((FlagEntryKind.Award, 3, FlagSource.Claim, task.StartsAt, member.CommunityId)));
            Assert.That(award.Events, Is.EqualTo(new IDomainEvent[] { new FlagAwarded(award) }), "its points and tallies follow the event in the same save");
            Assert.That(claim.Status, Is.EqualTo(ClaimStatus.Confirmed));
        });
    }

    [Test]
    public void ARevocationRaisesFlagRevoked()
    {
        var award = FlagEntry.Award(new FlagAward(7, Given.CommunityA, 2, FlagSource.Claim, 3, 4, "反诈宣传", ServiceCategory.CommunityActivity, Given.Now), Admin, Given.Now);
        var revocation = award.Revoke("未实际开展", Admin + 1, 70, Given.Now);
        Assert.That(revocation.Events, Is.EqualTo(new IDomainEvent[] { new FlagRevoked(revocation) }));
    }

    [Test]
    public void AConfirmationOutOfTheFlagRangeAwardsNothing()
    {
        var (task, member, claim) = Recorded();
        Assert.That(Given.Refusal(() => claim.Confirm(task, member, Admin, task.StartsAt, task.EndsAt, Later, flags: 9)).Errors.Keys, Is.EquivalentTo(new[] { "flags" }));
    }

    [Test]
    public void AGroupsFirstLeaderIsAMemberOfItsCommunityAndItsFirstMember()
    {
        var group = new HelpGroup(Given.CommunityA, "法律帮帮团", ["法律咨询"], "", Admin, Given.Now);
        Assert.That(Given.Refusal(() => group.FoundWith(7, Given.CommunityB, Given.Now)).Errors.Keys, Is.EquivalentTo(new[] { "leaderMemberId" }));
        var membership = group.FoundWith(7, Given.CommunityA, Given.Now);
        Assert.That((group.LeaderMemberId, membership.MemberId), Is.EqualTo(((long?)7, 7L)));
    }

    [Test]
    public void ALeaderWhoLeavesStopsLeadingAndOthersLeavingChangeNothing()
    {
        var group = new HelpGroup(Given.CommunityA, "法律帮帮团", [], "", Admin, Given.Now);
        group.FoundWith(7, Given.CommunityA, Given.Now);
        group.MemberLeft(8);
        Assert.That(group.LeaderMemberId, Is.EqualTo(7));
        group.MemberLeft(7);
        Assert.That(group.LeaderMemberId, Is.Null);
    }

    [Test]
    public void OnlyTheLeaderClaimsAndOnlyForTheGroup()
    {
        var group = new HelpGroup(Given.CommunityA, "法律帮帮团", [], "", Admin, Given.Now);
        group.FoundWith(7, Given.CommunityA, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => group.EnsureMayClaimFor(8, [7, 8], [7, 8])).Code, Is.EqualTo(ErrorCodes.Forbidden));
            Assert.That(Given.Refusal(() => group.EnsureMayClaimFor(7, [7, 9], [7, 8])).Message, Does.Contain("9"));
            Assert.DoesNotThrow(() => group.EnsureMayClaimFor(7, [7, 8], [7, 8]));
        });
    }

    [Test]
    public void ATaskTakesGroupClaimsOnlyWhenPublishedSo()
    {
        var closed = VolunteerTask.Publish(Given.Plan(), 1, Given.Now);
        var open = VolunteerTask.Publish(Given.Plan() with { AllowGroupClaims = true }, 1, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(closed.EnsureTakesGroupClaims).Code, Is.EqualTo(ErrorCodes.InvalidState));
            Assert.DoesNotThrow(open.EnsureTakesGroupClaims);
        });
    }

    [Test]
    public void AStewardAppliesInHisOwnCommunityAndForAStairwellOnlyWhereHeLives()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => Stewardship.Apply(7, Given.CommunityA, Given.BlockA1, Given.BlockB1, Given.CommunityB, "1幢", StewardshipKind.Facility, Given.Now)).Code,
                Is.EqualTo(ErrorCodes.Forbidden));
            Assert.That(Given.Refusal(() => Stewardship.Apply(7, Given.CommunityA, Given.BlockA1, Given.BlockA2, Given.CommunityA, "1幢", StewardshipKind.Stairwell, Given.Now)).Errors.Keys,
                Is.EquivalentTo(new[] { "blockId" }));
            var facility = Stewardship.Apply(7, Given.CommunityA, Given.BlockA1, Given.BlockA2, Given.CommunityA, "健身器材", StewardshipKind.Facility, Given.Now);
            Assert.That((facility.Status, facility.Year, facility.CommunityId), Is.EqualTo((StewardshipStatus.Pending, 2026, Given.CommunityA)));
        });
    }

    [Test]
    public void AWishByPhoneGroupOrVisitIsEnteredByTheCommunityAndHasNoResidentLogin()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Wish.ResidentOf(WishChannel.MiniProgram, 70, enteredByCommunityAdmin: false), Is.EqualTo(70));
            Assert.That(Wish.ResidentOf(WishChannel.MiniProgram, 70, enteredByCommunityAdmin: true), Is.EqualTo(70), "an admin posting his own wish");
            Assert.That(Wish.ResidentOf(WishChannel.Phone, 99, enteredByCommunityAdmin: true), Is.Null);
            foreach (var channel in new[] { WishChannel.Phone, WishChannel.WeChatGroup, WishChannel.Visit })
            {
                Assert.That(Given.Refusal(() => Wish.ResidentOf(channel, 70, enteredByCommunityAdmin: false)).Message, Is.EqualTo(Wish.AdminsEnterOtherChannels));
            }
        });
    }

    [Test]
    public void AFirstApprovalMakesANewMemberAndLaterOnesTheSameMember()
    {
        var (registration, _) = Registration.Submit(70, Given.Details(), RosterMatch.Matched, Given.Names, Given.Now);
        var first = registration.MemberToApprove(null, Given.Now);
        Assert.That((first.UserId, first.FirstApprovedAt), Is.EqualTo((70L, Given.Now)));
    }
}
