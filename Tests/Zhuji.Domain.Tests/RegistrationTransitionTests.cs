using Zhuji.Domain.Common;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;

namespace Zhuji.Domain.Tests;

/// <summary>A registration's transitions and what each brings with it: history lines and the unit's feed.</summary>
public class RegistrationTransitionTests
{
    private const long User = 5, Admin = 9;

    [Test]
    public void SubmittingStartsTheHistoryAndTellsTheUnit()
    {
        var (registration, effects) = Registration.Submit(User, Given.Details(), RosterMatch.Matched, Given.Names, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(registration.Status, Is.EqualTo(RegistrationStatus.Pending));
            Assert.That(effects.History.Single().Kind, Is.EqualTo(RegistrationEventKind.Submitted));
            Assert.That(effects.History.Single().ToCommunityId, Is.EqualTo(Given.CommunityA));
            Assert.That(effects.History.Single().Registration, Is.SameAs(registration));
            var feed = effects.Feed.Single();
            Assert.That((feed.WorkUnitId, feed.Kind, feed.To, feed.Name), Is.EqualTo((Given.Unit, WorkUnitChangeKind.Registered, "城西社区 西施小区", "张三")));
        });
    }

    [Test]
    public void AResidentMemberTellsNoUnit()
    {
        var (registration, effects) = Registration.Submit(User, Given.Details(unit: null, type: MemberType.Resident), RosterMatch.NotApplicable, Given.Names, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(registration.WorkUnitId, Is.Null);
            Assert.That(effects.Feed, Is.Empty);
        });
    }

    [Test]
    public void AnInServiceMemberWithoutAUnitIsRefusedOnTheUnitField()
    {
        var refusal = Given.Refusal(() => Registration.Submit(User, Given.Details(unit: null), RosterMatch.NotApplicable, Given.Names, Given.Now));
        Assert.That(refusal.Errors.Keys, Is.EquivalentTo(new[] { "workUnitId" }));
    }

    [Test]
    public void ApprovingMakesTheMemberFollowAndTellsTheUnit()
    {
        var (registration, _) = Registration.Submit(User, Given.Details(), RosterMatch.Matched, Given.Names, Given.Now);
        var member = Member.FromApproval(registration, Given.Now);
        var effects = registration.Approve(member, Admin, Given.Names, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(registration.Status, Is.EqualTo(RegistrationStatus.Approved));
            Assert.That(registration.DecidedByUserId, Is.EqualTo(Admin));
            Assert.That(member.CommunityId, Is.EqualTo(Given.CommunityA));
            Assert.That(effects.History.Single().Kind, Is.EqualTo(RegistrationEventKind.Approved));
            Assert.That(effects.Feed.Single().Kind, Is.EqualTo(WorkUnitChangeKind.Approved));
        });
    }

    [Test]
    public void ADecidedRegistrationCannotBeDecidedAgain()
    {
        var (registration, _) = Registration.Submit(User, Given.Details(), RosterMatch.Matched, Given.Names, Given.Now);
        registration.Reject("地址不详", Admin, Given.Now);
        Assert.That(Given.Refusal(() => registration.Approve(Member.FromApproval(registration, Given.Now), Admin, Given.Names, Given.Now)).Code,
            Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void NobodyDecidesHisOwnRegistration()
    {
        var (registration, _) = Registration.Submit(User, Given.Details(), RosterMatch.Matched, Given.Names, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => registration.Approve(Member.FromApproval(registration, Given.Now), User, Given.Names, Given.Now)).Code,
                Is.EqualTo(ErrorCodes.ConflictOfInterest));
            Assert.That(Given.Refusal(() => registration.Reject("x", User, Given.Now)).Code, Is.EqualTo(ErrorCodes.ConflictOfInterest));
            Assert.That(registration.Status, Is.EqualTo(RegistrationStatus.Pending));
        });
    }

    [Test]
    public void RejectingRecordsTheReason()
    {
        var (registration, _) = Registration.Submit(User, Given.Details(), RosterMatch.Matched, Given.Names, Given.Now);
        var effects = registration.Reject("地址不详", Admin, Given.Now);
        Assert.That((effects.History.Single().Kind, effects.History.Single().Reason, effects.Feed.Count), Is.EqualTo((RegistrationEventKind.Rejected, "地址不详", 0)));
    }

    [Test]
    public void MovingHouseGoesBackToPendingAndTellsTheUnitFromWhereToWhere()
    {
        var (registration, member) = Approved();
        var effects = registration.Change(Given.Details(Given.CommunityB, Given.BlockB1), RosterMatch.Matched, member, Given.Names, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(registration.Status, Is.EqualTo(RegistrationStatus.Pending));
            Assert.That(member.CommunityId, Is.EqualTo(Given.CommunityA), "the member moves when the new community approves");
            Assert.That(effects.History.Single().Kind, Is.EqualTo(RegistrationEventKind.Moved));
            var feed = effects.Feed.Single();
            Assert.That((feed.Kind, feed.From, feed.To), Is.EqualTo((WorkUnitChangeKind.Moved, "城西社区 西施小区", "东二社区 东方花园")));
        });
    }

    [Test]
    public void ChangingUnitTellsTheOldUnitAndTheNewOne()
    {
        var (registration, member) = Approved();
        var effects = registration.Change(Given.Details(unit: Given.OtherUnit), RosterMatch.NotInRoster, member, Given.Names, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(effects.History.Single().Kind, Is.EqualTo(RegistrationEventKind.ChangedUnit));
            Assert.That(effects.Feed.Select(f => (f.WorkUnitId, f.Kind)),
                Is.EqualTo(new[] { (Given.Unit, WorkUnitChangeKind.LeftUnit), (Given.OtherUnit, WorkUnitChangeKind.JoinedUnit) }));
            Assert.That(effects.Feed.All(f => f.From == "诸暨市财政局" && f.To == "诸暨市公安局"), Is.True);
        });
    }

    [Test]
    public void ANewPhoneKeepsTheApprovalAndReachesTheMemberAtOnce()
    {
        var (registration, member) = Approved();
        var effects = registration.Change(Given.Details(phone: "13900002222"), RosterMatch.Matched, member, Given.Names, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(registration.Status, Is.EqualTo(RegistrationStatus.Approved));
            Assert.That(member.Phone, Is.EqualTo("13900002222"));
            Assert.That(effects.History.Single().Kind, Is.EqualTo(RegistrationEventKind.Updated));
            Assert.That(effects.Feed, Is.Empty);
        });
    }

    [Test]
    public void EditingARejectedRegistrationResubmitsIt()
    {
        var (registration, _) = Registration.Submit(User, Given.Details(), RosterMatch.Matched, Given.Names, Given.Now);
        registration.Reject("房号有误", Admin, Given.Now);
        var effects = registration.Change(Given.Details(), RosterMatch.Matched, null, Given.Names, Given.Now.AddHours(1));
        Assert.Multiple(() =>
        {
            Assert.That(registration.Status, Is.EqualTo(RegistrationStatus.Pending));
            Assert.That(registration.RejectReason, Is.Null);
            Assert.That(effects.History.Single().Kind, Is.EqualTo(RegistrationEventKind.Resubmitted));
        });
    }

    private static (Registration, Member) Approved()
    {
        var (registration, _) = Registration.Submit(User, Given.Details(), RosterMatch.Matched, Given.Names, Given.Now);
        var member = Member.FromApproval(registration, Given.Now);
        registration.Approve(member, Admin, Given.Names, Given.Now);
        return (registration, member);
    }
}
