using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Tests;

/// <summary>Who may confirm or reject a claim, and what the claim itself allows.</summary>
public class ClaimDecisionTests
{
    private const long StreetA = 1;
    private static readonly Place TaskInCommunityB = new(2, Given.CommunityB);
    private static readonly Place MemberHomeA = new(StreetA, Given.CommunityA);
    private static readonly DateTime Start = Given.Now.AddHours(1);

    [Test]
    public void TheTasksCommunityAdminMayDecide() =>
        Assert.That(ClaimRules.MayDecide([new Grant(Role.CommunityAdmin, Given.CommunityB)], TaskInCommunityB, MemberHomeA), Is.True);

    [Test]
    public void TheMembersOwnCommunityAdminMayDecide() =>
        Assert.That(ClaimRules.MayDecide([new Grant(Role.CommunityAdmin, Given.CommunityA)], TaskInCommunityB, MemberHomeA), Is.True);

    [Test]
    public void TheMembersStreetAdminMayDecide() =>
        Assert.That(ClaimRules.MayDecide([new Grant(Role.StreetAdmin, StreetA)], TaskInCommunityB, MemberHomeA), Is.True);

    [Test]
    public void AThirdCommunitysAdminMayNot() =>
        Assert.That(ClaimRules.MayDecide([new Grant(Role.CommunityAdmin, 99)], TaskInCommunityB, MemberHomeA), Is.False);

    [Test]
    public void AWorkUnitAdminMayNot() =>
        Assert.That(ClaimRules.MayDecide([new Grant(Role.WorkUnitAdmin, Given.Unit)], TaskInCommunityB, MemberHomeA), Is.False);

    [Test]
    public void ARecordBeforeTheStartIsRefused()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        Assert.That(Given.Refusal(() => claim.Record(Record(Start), Start, Start.AddHours(3), Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void ARecordFromTheFutureNamesItsField()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        var refusal = Given.Refusal(() => claim.Record(Record(Start.AddHours(2)), Start, Start.AddHours(3), Start.AddHours(1)));
        Assert.That(refusal.Errors.Keys, Is.EquivalentTo(new[] { "servedAt" }));
    }

    [Test]
    public void ARecordOnAnotherDayNamesItsField()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        var refusal = Given.Refusal(() => claim.Record(Record(Start.AddDays(-1)), Start, Start.AddHours(3), Start.AddHours(4)));
        Assert.That(refusal.Errors.Keys, Is.EquivalentTo(new[] { "servedAt" }));
    }

    [Test]
    public void ConfirmingTwiceIsRefused()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        claim.Record(Record(Start.AddMinutes(30)), Start, Start.AddHours(3), Start.AddHours(1));
        var servedAt = claim.Confirm(99, Start, Start.AddHours(2));
        Assert.Multiple(() =>
        {
            Assert.That(servedAt, Is.EqualTo(Start.AddMinutes(30)));
            Assert.That(claim.Status, Is.EqualTo(ClaimStatus.Confirmed));
            Assert.That(Given.Refusal(() => claim.Confirm(99, Start, Start.AddHours(2))).Code, Is.EqualTo(ErrorCodes.InvalidState));
        });
    }

    [Test]
    public void ConfirmingBeforeTheStartIsRefused()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        Assert.That(Given.Refusal(() => claim.Confirm(99, Start, Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void LettingGoAfterTheStartIsTooLate()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        Assert.That(Given.Refusal(() => claim.Cancel(Start, Start)).Code, Is.EqualTo(ErrorCodes.ClaimWindowClosed));
    }

    [Test]
    public void LettingGoBeforeTheStartCancels()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        claim.Cancel(Start, Given.Now);
        Assert.That(claim.Status, Is.EqualTo(ClaimStatus.Cancelled));
    }

    private static ServiceRecordDetails Record(DateTime servedAt) => new(servedAt, 2, "发放反诈宣传资料", "小区南门", []);
}
