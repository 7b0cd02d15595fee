using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Tests;

/// <summary>自主申报: what a member may report, the task it becomes, and that it is decided as any record.</summary>
public class ReportedServiceRuleTests
{
    private const long Community = 5, MemberUser = 71, Admin = 99;

    private static ReportedService Report(DateTime? servedAt = null, decimal hours = 2, string title = "") =>
        new(ServiceCategory.CommunityActivity, title, servedAt ?? Given.Now.AddDays(-1), hours, "东门菜场");

    [Test]
    public void AReportIsTakenForPastServiceWithinThirtyDaysAndASensibleLength()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Report().Check(Given.Now), Is.Empty);
            Assert.That(Report(Given.Now.AddMinutes(1)).Check(Given.Now).Single(), Is.EqualTo(new FieldError("servedAt", ServiceRecord.NotInTheFuture)));
            Assert.That(Report(Given.Now - ReportedService.ReportWithin).Check(Given.Now), Is.Empty, "the 30th day still counts");
            Assert.That(Report(Given.Now - ReportedService.ReportWithin - TimeSpan.FromMinutes(1)).Check(Given.Now).Single(),
                Is.EqualTo(new FieldError("servedAt", ReportedService.TooOld)));
            Assert.That(Report(hours: 0).Check(Given.Now).Single().Field, Is.EqualTo("hours"));
            Assert.That(Report(hours: 24.5m).Check(Given.Now).Single().Field, Is.EqualTo("hours"));
            Assert.That(Report(Given.Now.AddDays(1), 0).Check(Given.Now).Select(e => e.Field), Is.EqualTo(new[] { "servedAt", "hours" }), "every broken rule, each with its field");
        });
    }

    [Test]
    public void TheTaskAReportMakesIsHisAloneClosedAndCountedNowhere()
    {
        var servedAt = Given.Now.AddDays(-2);
        var task = VolunteerTask.Report(Report(servedAt, 2.5m), Community, MemberUser, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That((task.Reported, task.Status, task.Tier, task.ScopeId, task.CommunityId),
                Is.EqualTo((true, VolunteerTaskStatus.Closed, TaskTier.Community, (long?)Community, (long?)Community)));
            Assert.That((task.Slots, task.ClaimedCount, task.Flags, task.PublishedByUserId), Is.EqualTo((1, 1, VolunteerTask.MinFlags, MemberUser)));
            Assert.That((task.StartsAt, task.EndsAt, task.Location), Is.EqualTo((servedAt, servedAt.AddHours(2.5), "东门菜场")));
            Assert.That(task.Title, Is.EqualTo("自主申报：参加社区活动"), "no title given: the kind, marked as his own report");
            Assert.That(VolunteerTask.Report(Report(title: " 帮邻居修水管 "), Community, MemberUser, Given.Now).Title, Is.EqualTo("帮邻居修水管"));
            Assert.That(VolunteerTask.CountsAsPublished.Compile()(task), Is.False, "not a published task in any count");
            Assert.That(VolunteerTask.CountsAsPublished.Compile()(Given.Task()), Is.True);
            Assert.That(Given.Refusal(() => task.Close(Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState), "nobody else may take it: it is closed");
            Assert.That(Given.Refusal(() => VolunteerTask.Report(Report(Given.Now.AddHours(1)), Community, MemberUser, Given.Now)).Code,
                Is.EqualTo(ErrorCodes.ValidationFailed));
        });
    }

    [Test]
    public void HisRecordOnItIsDecidedAsAnyRecordAndNeverByHimself()
    {
        var report = Report(Given.Now.AddHours(-3), 2);
        var task = VolunteerTask.Report(report, Community, MemberUser, Given.Now);
        var claim = Claim.Grab(task.Id, null, 70, Given.Now);
        claim.Record(new ServiceRecordDetails(report.ServedAt, report.Hours, "帮独居老人买菜", report.Place, []), MemberUser, task.StartsAt, task.EndsAt, Given.Now);
        var (registration, _) = Registration.Submit(MemberUser, Given.Details(), RosterMatch.Matched, Given.Names, Given.Now.AddDays(-10));
        var member = Member.FromApproval(registration, Given.Now.AddDays(-9));
        Assert.Multiple(() =>
        {
            Assert.That(claim.Status, Is.EqualTo(ClaimStatus.Submitted));
            Assert.That(Given.Refusal(() => claim.Confirm(task, member, MemberUser, task.StartsAt, task.EndsAt, Given.Now)).Code, Is.EqualTo(ErrorCodes.ConflictOfInterest));
        });
        var award = claim.Confirm(task, member, Admin, task.StartsAt, task.EndsAt, Given.Now, flags: 2);
        Assert.That((claim.Status, award.Flags, award.ServedAt), Is.EqualTo((ClaimStatus.Confirmed, 2, report.ServedAt)));
    }

    [Test]
    public void TenReportsWaitingAreTheMostAMemberHas()
    {
        Assert.DoesNotThrow(() => ReportedService.EnsureRoom(ReportedService.MaxPending - 1));
        Assert.That(Given.Refusal(() => ReportedService.EnsureRoom(ReportedService.MaxPending)).Message, Is.EqualTo(ReportedService.TooManyPending));
    }
}
