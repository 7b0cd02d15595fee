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
    private const long Member = 70, Admin = 99;

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
        Assert.That(Given.Refusal(() => claim.Record(Record(Start), Member, Start, Start.AddHours(3), Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void ARecordFromTheFutureNamesItsField()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        var refusal = Given.Refusal(() => claim.Record(Record(Start.AddHours(2)), Member, Start, Start.AddHours(3), Start.AddHours(1)));
        Assert.That(refusal.Errors.Keys, Is.EquivalentTo(new[] { "servedAt" }));
    }

    [Test]
    public void ARecordOnAnotherDayNamesItsField()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        var refusal = Given.Refusal(() => claim.Record(Record(Start.AddDays(-1)), Member, Start, Start.AddHours(3), Start.AddHours(4)));
        Assert.That(refusal.Errors.Keys, Is.EquivalentTo(new[] { "servedAt" }));
    }

    [Test]
    public void ConfirmingTwiceIsRefused()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        claim.Record(Record(Start.AddMinutes(30)), Member, Start, Start.AddHours(3), Start.AddHours(1));
        var servedAt = claim.ConfirmRecord(Admin, Member, Start, Start.AddHours(3), Start.AddHours(2));
        Assert.Multiple(() =>
        {
            Assert.That(servedAt, Is.EqualTo(Start.AddMinutes(30)));
            Assert.That(claim.Status, Is.EqualTo(ClaimStatus.Confirmed));
            Assert.That(Given.Refusal(() => claim.ConfirmRecord(Admin, Member, Start, Start.AddHours(3), Start.AddHours(2))).Code, Is.EqualTo(ErrorCodes.InvalidState));
        });
    }

    [Test]
    public void ConfirmingBeforeTheStartIsRefused()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        Assert.That(Given.Refusal(() => claim.ConfirmRecord(Admin, Member, Start, Start.AddHours(3), Given.Now, Attendance(Start))).Message, Is.EqualTo(Claim.NotStarted));
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

    [Test]
    public void AClaimWithoutARecordIsNotConfirmed()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        var refusal = Given.Refusal(() => claim.ConfirmRecord(Admin, Member, Start, Start.AddHours(3), Start.AddHours(1)));
        Assert.That((refusal.Code, refusal.Message), Is.EqualTo((ErrorCodes.InvalidState, Claim.NoRecord)));
    }

    [Test]
    public void TheAdminsAttendanceStandsAsTheRecord()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        var servedAt = claim.ConfirmRecord(Admin, Member, Start, Start.AddHours(3), Start.AddHours(4), Attendance(Start.AddMinutes(10)));
        Assert.That((servedAt, claim.Status, claim.RecordedByUserId, claim.Hours), Is.EqualTo((Start.AddMinutes(10), ClaimStatus.Confirmed, (long?)Admin, (decimal?)2m)));
    }

    [Test]
    public void NobodyDecidesHisOwnClaim()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        claim.Record(Record(Start.AddMinutes(30)), Member, Start, Start.AddHours(3), Start.AddHours(1));
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => claim.ConfirmRecord(Member, Member, Start, Start.AddHours(3), Start.AddHours(2))).Code, Is.EqualTo(ErrorCodes.ConflictOfInterest));
            Assert.That(Given.Refusal(() => claim.Reject("自己驳回", Member, Member, Start, Start.AddHours(2))).Code, Is.EqualTo(ErrorCodes.ConflictOfInterest));
        });
    }

    [Test]
    public void ARejectedRecordMayBeGivenAgainWithinThirtyDaysOfTheEnd()
    {
        var end = Start.AddHours(3);
        var claim = Claim.Grab(1, null, 7, Given.Now);
        claim.Record(Record(Start.AddMinutes(30)), Member, Start, end, Start.AddHours(1));
        claim.Reject("请补充照片", Admin, Member, Start, Start.AddHours(2));
        claim.Record(Record(Start.AddMinutes(40)), Member, Start, end, end.AddDays(29));
        Assert.Multiple(() =>
        {
            Assert.That((claim.Status, claim.RejectReason, claim.DecidedByUserId), Is.EqualTo((ClaimStatus.Submitted, (string?)null, (long?)null)));
        });
        claim.Reject("仍不完整", Admin, Member, Start, end.AddDays(29));
        Assert.That(Given.Refusal(() => claim.Record(Record(Start.AddMinutes(40)), Member, Start, end, end.AddDays(31))).Code, Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void AConfirmedRecordIsFinal()
    {
        var claim = Claim.Grab(1, null, 7, Given.Now);
        claim.ConfirmRecord(Admin, Member, Start, Start.AddHours(3), Start.AddHours(4), Attendance(Start));
        Assert.That(Given.Refusal(() => claim.Record(Record(Start), Member, Start, Start.AddHours(3), Start.AddHours(5))).Code, Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void WhomAChangeANoticeAndAGrabConcernFollowTheClaimsStatus()
    {
        Claim Make(Action<Claim> then)
        {
            var claim = Claim.Grab(1, null, 7, Given.Now);
            then(claim);
            return claim;
        }

        var claims = new Dictionary<ClaimStatus, Claim>
        {
            [ClaimStatus.Claimed] = Make(_ => { }),
            [ClaimStatus.Submitted] = Make(c => c.Record(Record(Start.AddMinutes(30)), Member, Start, Start.AddHours(3), Start.AddHours(1))),
            [ClaimStatus.Confirmed] = Make(c =>
            {
                c.Record(Record(Start.AddMinutes(30)), Member, Start, Start.AddHours(3), Start.AddHours(1));
                c.ConfirmRecord(Admin, Member, Start, Start.AddHours(3), Start.AddHours(2));
            }),
            [ClaimStatus.Rejected] = Make(c =>
            {
                c.Record(Record(Start.AddMinutes(30)), Member, Start, Start.AddHours(3), Start.AddHours(1));
                c.Reject("请补充照片", Admin, Member, Start, Start.AddHours(2));
            }),
            [ClaimStatus.Cancelled] = Make(c => c.Cancel(Start, Given.Now)),
            [ClaimStatus.NoShow] = Make(c => c.MarkNoShow(Admin, Member, Start, Start.AddHours(1))),
        };
        Assert.That(claims.Select(c => c.Value.Status), Is.EqualTo(claims.Keys), "each claim is in the status it is filed under");

        ClaimStatus[] Where(System.Linq.Expressions.Expression<Func<Claim, bool>> rule) =>
            claims.Where(c => rule.Compile()(c.Value)).Select(c => c.Key).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Where(Claim.Stands), Is.EquivalentTo(new[] { ClaimStatus.Claimed, ClaimStatus.Submitted, ClaimStatus.Confirmed, ClaimStatus.Rejected, ClaimStatus.NoShow }));
            Assert.That(Where(Claim.Awaiting), Is.EquivalentTo(new[] { ClaimStatus.Claimed, ClaimStatus.Submitted }));
            Assert.That(Where(Claim.Involved), Is.EquivalentTo(new[] { ClaimStatus.Claimed, ClaimStatus.Submitted, ClaimStatus.Confirmed, ClaimStatus.Rejected }));
        });
    }

    private static ServiceRecordDetails Record(DateTime servedAt) => new(servedAt, 2, "发放反诈宣传资料", "小区南门", []);

    private static ServiceRecordDetails Attendance(DateTime servedAt) => new(servedAt, 2, "现场签到", "小区南门", []);
}
