using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Tests;

/// <summary>Flag entries, the year's totals, and the five-flag policy.</summary>
public class LedgerRuleTests
{
    private static FlagAward Award(int flags = 2, DateTime? servedAt = null) =>
        new(7, Given.CommunityA, flags, FlagSource.Claim, 3, 4, "反诈宣传", ServiceCategory.CommunityActivity, servedAt ?? Given.Now);

    [Test]
    public void AnAwardIsDatedByTheShanghaiMonthOfTheService()
    {
        var entry = FlagEntry.Award(Award(servedAt: new DateTime(2025, 12, 31, 16, 30, 0, DateTimeKind.Utc)), 9, Given.Now);
        Assert.That((entry.PeriodYear, entry.PeriodMonth, entry.ClaimId), Is.EqualTo((2026, 1, (long?)3)));
    }

    [TestCase(0)]
    [TestCase(6)]
    public void AnAwardOutsideOneToFiveFlagsIsRefused(int flags) =>
        Assert.That(Given.Refusal(() => FlagEntry.Award(Award(flags), 9, Given.Now)).Errors.Keys, Is.EquivalentTo(new[] { "flags" }));

    [Test]
    public void ARevocationCompensatesAndCannotItselfBeRevoked()
    {
        var award = FlagEntry.Award(Award(3), 9, Given.Now);
        var revocation = award.Revoke("重复录入", 9, 70, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That((revocation.Kind, revocation.Flags, revocation.PeriodYear, revocation.Reason), Is.EqualTo((FlagEntryKind.Revocation, -3, award.PeriodYear, "重复录入")));
            Assert.That(Given.Refusal(() => revocation.Revoke("x", 9, 70, Given.Now)).Message, Is.EqualTo(FlagEntry.RevocationIsFinal));
        });
    }

    [Test]
    public void ServiceEnteredForTheFutureIsRefusedOnItsField() =>
        Assert.That(Given.Refusal(() => new ServiceRecord(7, 70, ServiceCategory.CommunityActivity, "值班", Given.Now.AddMinutes(1), 2, "值班", 1, 9, Given.Now)).Errors.Keys,
            Is.EquivalentTo(new[] { "servedAt" }));

    [Test]
    public void NobodyRevokesHisOwnFlagOrEntersServiceForHimself()
    {
        var award = FlagEntry.Award(Award(3), 9, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => award.Revoke("x", 70, 70, Given.Now)).Code, Is.EqualTo(ErrorCodes.ConflictOfInterest));
            Assert.That(Given.Refusal(() => new ServiceRecord(7, 70, ServiceCategory.CommunityActivity, "值班", Given.Now, 2, "值班", 5, 70, Given.Now)).Code,
                Is.EqualTo(ErrorCodes.ConflictOfInterest));
        });
    }

    [Test]
    public void TotalsAddMonthsIntoQuartersAndNetRevocations()
    {
        var totals = FlagTotals.Of([(1, 2), (3, 1), (4, 3), (4, -3), (12, 5)]);
        Assert.Multiple(() =>
        {
            Assert.That(totals.ByMonth, Is.EqualTo(new[] { 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5 }));
            Assert.That(totals.ByQuarter, Is.EqualTo(new[] { 3, 0, 0, 5 }));
            Assert.That(totals.Total, Is.EqualTo(8));
            Assert.That(totals.ThroughQuarter(3), Is.EqualTo(3));
        });
    }

    [Test]
    public void AMemberApprovedOnOrAfterTheCutoffIsNotEvaluatedThatYear()
    {
        var policy = CompliancePolicy.Default;
        var cutoff = policy.CutoffUtc(2026);
        Assert.Multiple(() =>
        {
            Assert.That(policy.IsEvaluated(MemberType.InService, cutoff.AddSeconds(-1), 2026), Is.True);
            Assert.That(policy.IsEvaluated(MemberType.InService, cutoff, 2026), Is.False);
            Assert.That(policy.IsEvaluated(MemberType.InService, cutoff, 2027), Is.True);
            Assert.That(policy.IsEvaluated(MemberType.Resident, cutoff.AddYears(-1), 2026), Is.False);
        });
    }

    [Test]
    public void OnlyEvaluatedMembersBelowTheThresholdAreReminded()
    {
        var policy = CompliancePolicy.From(5, "10-01");
        var early = policy.CutoffUtc(2026).AddDays(-100);
        Assert.Multiple(() =>
        {
            Assert.That(policy.NeedsReminder(MemberType.InService, early, 2026, 4), Is.True);
            Assert.That(policy.NeedsReminder(MemberType.InService, early, 2026, 5), Is.False);
            Assert.That(policy.NeedsReminder(MemberType.Resident, early, 2026, 0), Is.False);
        });
    }

    [Test]
    public void ACutoffThatIsNotAMonthDayIsRefused() =>
        Assert.Throws<FormatException>(() => CompliancePolicy.From(5, "13-40"));
}
