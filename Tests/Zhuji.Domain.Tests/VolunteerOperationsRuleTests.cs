using Zhuji.Domain.Common;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Tests;

/// <summary>The waitlist's rules, no-shows, late cancellations, reliability and the check-out grace.</summary>
public class VolunteerOperationsRuleTests
{
    private static readonly DateTime Start = Given.Now.AddHours(5);
    private static readonly DateTime End = Start.AddHours(3);
    private const long Task = 42, Member = 70, MemberUser = 71, Admin = 99;

    [Test]
    public void OnlyAFullTaskHasALineAndEveryOtherRefusalIsTheGrabs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WaitlistEntry.MayJoin(GrabOutcome.TaskFull), Is.EqualTo(WaitlistJoin.Join));
            Assert.That(WaitlistEntry.MayJoin(GrabOutcome.Claimed), Is.EqualTo(WaitlistJoin.NotFull));
            foreach (var refusal in Enum.GetValues<GrabOutcome>().Except([GrabOutcome.TaskFull, GrabOutcome.Claimed]))
            {
                Assert.That(WaitlistEntry.MayJoin(refusal), Is.EqualTo(WaitlistJoin.Refused), refusal.ToString());
            }
        });
    }

    [Test]
    public void AnEntryIsPromotedOrLeftOnceAndOnlyWhileWaiting()
    {
        var entry = WaitlistEntry.Join(Task, null, Member, Given.Now);
        entry.Promote(500, Given.Now.AddMinutes(1));
        Assert.Multiple(() =>
        {
            Assert.That((entry.Status, entry.ClaimId, entry.ShiftKey), Is.EqualTo((WaitlistStatus.Promoted, (long?)500, 0L)));
            Assert.That(Given.Refusal(() => entry.Promote(501, Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState));
            Assert.That(Given.Refusal(() => entry.Leave(Given.Now)).Message, Is.EqualTo(WaitlistEntry.NotInLine));
        });

        var shifted = WaitlistEntry.Join(Task, 7, Member, Given.Now);
        shifted.Leave(Given.Now);
        Assert.That((shifted.Status, shifted.ShiftKey), Is.EqualTo((WaitlistStatus.Left, 7L)));
    }

    [Test]
    public void ANoShowIsMarkedAfterTheStartOnAnUntouchedClaimByAnotherPerson()
    {
        var claim = Claim.Grab(Task, null, Member, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => claim.MarkNoShow(Admin, MemberUser, Start, Start.AddMinutes(-1))).Message, Is.EqualTo(Claim.NotStarted));
            Assert.That(Given.Refusal(() => claim.MarkNoShow(MemberUser, MemberUser, Start, Start.AddHours(1))).Code, Is.EqualTo(ErrorCodes.ConflictOfInterest));
        });
        claim.MarkNoShow(Admin, MemberUser, Start, Start.AddHours(1));
        Assert.That((claim.Status, claim.DecidedByUserId), Is.EqualTo((ClaimStatus.NoShow, (long?)Admin)));

        // Not again, no record over it, no check-in; the admin's own attendance record corrects it.
        var record = new ServiceRecordDetails(Start.AddMinutes(5), 2, "补录", "南门", []);
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => claim.MarkNoShow(Admin, MemberUser, Start, Start.AddHours(2))).Code, Is.EqualTo(ErrorCodes.InvalidState));
            Assert.That(Given.Refusal(() => claim.Record(record, MemberUser, Start, End, Start.AddHours(2))).Code, Is.EqualTo(ErrorCodes.InvalidState));
            Assert.That(Given.Refusal(() => claim.ConfirmRecord(Admin, MemberUser, Start, End, Start.AddHours(2))).Code, Is.EqualTo(ErrorCodes.InvalidState));
        });
        claim.ConfirmRecord(Admin, MemberUser, Start, End, Start.AddHours(4), record);
        Assert.That(claim.Status, Is.EqualTo(ClaimStatus.Confirmed));

        var checkedIn = Claim.Grab(Task, null, Member, Given.Now);
        checkedIn.CheckIn(Start, End, Start);
        Assert.That(Given.Refusal(() => checkedIn.MarkNoShow(Admin, MemberUser, Start, Start.AddHours(1))).Message, Is.EqualTo(Claim.NoShowAfterRecord));
    }

    [Test]
    public void ALetGoWithinTwoHoursOfTheStartIsLate()
    {
        var early = Claim.Grab(Task, null, Member, Given.Now);
        early.Cancel(Start, Start.AddHours(-2).AddSeconds(-1));
        var late = Claim.Grab(Task, null, Member, Given.Now);
        late.Cancel(Start, Start.AddHours(-2));
        Assert.Multiple(() =>
        {
            Assert.That(early.CancelledLate, Is.False);
            Assert.That(late.CancelledLate, Is.True);
            Assert.That(Reliability.IsLate(Start, Start.AddMinutes(-5)), Is.True);
        });
    }

    [Test]
    public void ReliabilityIsDescribedInOneLineAndDoubtfulFromTwoMisses()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Reliability.None.Describe(), Is.EqualTo("首次认领"));
            Assert.That(new Reliability(5, 3, 1, 0).Describe(), Is.EqualTo("认领 5 次，完成 3 次，未到岗 1 次，临近取消 0 次"));
            Assert.That(new Reliability(5, 3, 1, 0).Doubtful, Is.False);
            Assert.That(new Reliability(5, 3, 1, 1).Doubtful, Is.True);
        });
    }

    [Test]
    public void CheckOutIsOpenTwoHoursAfterTheEndAndCountsToTheEnd()
    {
        var claim = Claim.Grab(Task, null, Member, Given.Now);
        claim.CheckIn(Start, End, Start);
        var hours = claim.CheckOut(Start, End, "南门", 0, End.AddHours(2));
        Assert.Multiple(() =>
        {
            Assert.That((hours, claim.LateCheckOut), Is.EqualTo((3m, true)));
            Assert.That(Attendance.CheckOutOpen(Start, End, End.AddHours(2).AddSeconds(1)), Is.False);
            Assert.That(Attendance.WindowOpen(Start, End, End.AddMinutes(1)), Is.False, "check-in still closes at the end");
        });

        var onTime = Claim.Grab(Task, null, Member, Given.Now);
        onTime.CheckIn(Start, End, Start);
        onTime.CheckOut(Start, End, "南门", 0, End);
        Assert.That(onTime.LateCheckOut, Is.False);
        var tooLate = Claim.Grab(Task, null, Member, Given.Now);
        tooLate.CheckIn(Start, End, Start);
        Assert.That(Given.Refusal(() => tooLate.CheckOut(Start, End, "南门", 0, End.AddHours(2).AddMinutes(1))).Message, Is.EqualTo(Attendance.CheckOutClosed));
    }
}

/// <summary>星级志愿者: thresholds as configured, the star of a number of hours, and its name.</summary>
public class StarLevelRuleTests
{
    private static readonly IReadOnlyList<decimal> Default = Zhuji.Domain.Members.StarLevel.ParseThresholds(Zhuji.Domain.Members.StarLevel.DefaultThresholds);

    [TestCase(0, 0, "志愿者", 100)]
    [TestCase(99.5, 0, "志愿者", 100)]
    [TestCase(100, 1, "一星级志愿者", 300)]
    [TestCase(599, 2, "二星级志愿者", 600)]
    [TestCase(1000, 4, "四星级志愿者", 1500)]
    [TestCase(1500, 5, "五星级志愿者", null)]
    public void TheStarIsHowManyThresholdsTheHoursReach(decimal hours, int star, string name, double? next)
    {
        var level = Zhuji.Domain.Members.StarLevel.Of(hours, Default);
        Assert.That((level.Star, level.Name, level.NextStarHours), Is.EqualTo((star, name, next is null ? (decimal?)null : (decimal)next.Value)));
    }

    [TestCase("100,50")]
    [TestCase("0,10")]
    [TestCase("")]
    [TestCase("十")]
    [TestCase("1,2,3,4,5,6,7,8,9,10,11")]
    public void ThresholdsMustBeOneToTenIncreasingPositiveHours(string text) =>
        Assert.Throws<FormatException>(() => Zhuji.Domain.Members.StarLevel.ParseThresholds(text));
}

/// <summary>周期任务: the dates a recurrence falls on, what it refuses, and an occurrence's times in Shanghai.</summary>
public class TaskSeriesRuleTests
{
    private static readonly DateOnly Monday = new(2026, 6, 1);

    [Test]
    public void AWeeklyRecurrenceFallsOnItsDaysUntilItsEnd()
    {
        var weekly = new Recurrence(RecurrenceFrequency.Weekly, [DayOfWeek.Monday, DayOfWeek.Friday], new DateOnly(2026, 6, 12));
        var daily = new Recurrence(RecurrenceFrequency.Daily, [], new DateOnly(2026, 6, 3));
        Assert.Multiple(() =>
        {
            Assert.That(weekly.Dates(Monday, Monday.AddDays(30)).Select(d => d.Day), Is.EqualTo(new[] { 1, 5, 8, 12 }));
            Assert.That(daily.Dates(Monday, Monday.AddDays(30)).Select(d => d.Day), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(Recurrence.DaysOf(weekly.DaysMask), Is.EqualTo(new[] { DayOfWeek.Monday, DayOfWeek.Friday }));
            Assert.That(new Recurrence(RecurrenceFrequency.Weekly, [], Monday.AddDays(7)).Check(Monday).Single().Field, Is.EqualTo("recurrence.daysOfWeek"));
            Assert.That(daily.Check(Monday.AddDays(5)).Single().Field, Is.EqualTo("recurrence.until"));
            Assert.That(new Recurrence(RecurrenceFrequency.Daily, [], Monday.AddDays(367)).Check(Monday), Is.Not.Empty);
        });
    }

    [Test]
    public void AnOccurrenceKeepsTheShanghaiTimeOfDayAndTheSeriesMakesEachDateOnce()
    {
        var start = ShanghaiTime.FromShanghaiLocal(new DateTime(2026, 6, 1, 9, 30, 0));
        var plan = Given.Plan(startsAt: start) with { EndsAt = start.AddHours(2) };
        var series = TaskSeries.Start(plan, new Recurrence(RecurrenceFrequency.Daily, [], new DateOnly(2026, 6, 20)), 1, start.AddDays(-1));
        var later = series.PlanFor(new DateOnly(2026, 6, 15));
        Assert.Multiple(() =>
        {
            Assert.That(ShanghaiTime.ToShanghai(later.StartsAt).DateTime, Is.EqualTo(new DateTime(2026, 6, 15, 9, 30, 0)));
            Assert.That(later.EndsAt - later.StartsAt, Is.EqualTo(TimeSpan.FromHours(2)));
            Assert.That(series.DatesToMake(Monday, Monday.AddDays(3)).Select(d => d.Day), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        });
        series.Generated(Monday.AddDays(3));
        Assert.That(series.DatesToMake(Monday.AddDays(2), Monday.AddDays(6)).Select(d => d.Day), Is.EqualTo(new[] { 5, 6, 7 }), "made dates are not made again");

        var overnight = Given.Plan(startsAt: start) with { EndsAt = start.AddHours(16) };
        Assert.That(Given.Refusal(() => TaskSeries.Start(overnight, new Recurrence(RecurrenceFrequency.Daily, [], new DateOnly(2026, 6, 20)), 1, start.AddDays(-1))).Errors.Keys,
            Does.Contain("endsAt"));
    }
}

/// <summary>技能邀请: which tasks take invitations, and which of a task's skills a member has.</summary>
public class InvitationRuleTests
{
    [Test]
    public void OnlyAnOpenProfessionalTaskWithSkillsTakesInvitationsAndSkillsMatchLoosely()
    {
        var basic = Given.Task();
        Assert.That(Given.Refusal(() => TaskInvitation.EnsureInvitable(basic, Given.Now)).Message, Is.EqualTo(TaskInvitation.NotProfessional));
        var professional = VolunteerTask.Publish(Given.Plan() with { KnowledgeType = KnowledgeType.Professional, Skills = ["法律咨询"] }, 1, Given.Now);
        TaskInvitation.EnsureInvitable(professional, Given.Now);
        Assert.That(Given.Refusal(() => TaskInvitation.EnsureInvitable(professional, professional.StartsAt)).Message, Is.EqualTo(TaskInvitation.Closed));
        var noSkills = VolunteerTask.Publish(Given.Plan() with { KnowledgeType = KnowledgeType.Professional }, 1, Given.Now);
        Assert.That(Given.Refusal(() => TaskInvitation.EnsureInvitable(noSkills, Given.Now)).Message, Is.EqualTo(TaskInvitation.NoSkills));
        Assert.Multiple(() =>
        {
            Assert.That(TaskInvitation.Matching(["法律咨询", "Excel"], [" excel ", "书法"]), Is.EqualTo(new[] { "Excel" }));
            Assert.That(TaskInvitation.Matching(["法律咨询"], ["心理疏导"]), Is.Empty);
        });
    }
}
