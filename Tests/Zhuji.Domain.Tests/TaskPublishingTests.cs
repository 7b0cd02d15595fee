using Zhuji.Domain.Common;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Tests;

/// <summary>VolunteerTask.Publish / Close / Cancel.</summary>
public class TaskPublishingTests
{
    [Test]
    public void ReportsEveryBrokenRuleWithItsField()
    {
        var plan = Given.Plan(startsAt: Given.Now.AddHours(-1), slots: 0, flags: 9) with { EndsAt = Given.Now.AddHours(-2) };
        var refusal = Given.Refusal(() => VolunteerTask.Publish(plan, 1, Given.Now));
        Assert.Multiple(() =>
        {
            Assert.That(refusal.Code, Is.EqualTo(ErrorCodes.ValidationFailed));
            Assert.That(refusal.Errors.Keys, Is.EquivalentTo(new[] { "startsAt", "endsAt", "slots", "flags" }));
            Assert.That(refusal.Errors["flags"], Is.EqualTo(new[] { VolunteerTask.FlagsRange }));
        });
    }

    [Test]
    public void RefusesAScopeOnACityTaskAndNoneOnACommunityTask()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => VolunteerTask.Publish(Given.Plan(TaskTier.City, Given.CommunityA), 1, Given.Now)).Errors.Keys, Does.Contain("scopeId"));
            Assert.That(Given.Refusal(() => VolunteerTask.Publish(Given.Plan(TaskTier.Community, null), 1, Given.Now)).Errors.Keys, Does.Contain("scopeId"));
        });
    }

    [Test]
    public void ShiftsMustAddUpToTheSlotsAndFitTheTask()
    {
        var start = Given.Now.AddDays(1);
        var plan = Given.Plan(slots: 10, shifts: [new ShiftPlan(start, start.AddHours(1), 3), new ShiftPlan(start.AddHours(2), start.AddHours(5), 0)]);
        var refusal = Given.Refusal(() => VolunteerTask.Publish(plan, 1, Given.Now));
        Assert.That(refusal.Errors["shifts"], Is.SupersetOf(new[] { VolunteerTask.ShiftNeedsSomeone, "各班次人数之和须等于所需人数", "每个班次须在任务时间之内，且结束晚于开始" }));
    }

    [Test]
    public void PublishesAValidPlanWithItsShifts()
    {
        var start = Given.Now.AddDays(1);
        var task = VolunteerTask.Publish(Given.Plan(slots: 6, shifts: [new ShiftPlan(start, start.AddHours(1), 4), new ShiftPlan(start.AddHours(1), start.AddHours(3), 2)]), 1, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(task.Status, Is.EqualTo(VolunteerTaskStatus.Published));
            Assert.That(task.HasShifts, Is.True);
            Assert.That(task.Shifts.Select(s => s.Slots), Is.EqualTo(new[] { 4, 2 }));
        });
    }

    [Test]
    public void CancellingSaysItsOpenClaimsFallWithIt()
    {
        var task = Given.Task();
        var cancellation = task.Cancel("天气原因", Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(task.Status, Is.EqualTo(VolunteerTaskStatus.Cancelled));
            Assert.That(task.CancelReason, Is.EqualTo("天气原因"));
            Assert.That(cancellation, Is.EqualTo(new TaskCancellation(task.Id, "天气原因", Given.Now)));
            Assert.That(TaskCancellation.OpenStatus, Is.EqualTo(ClaimStatus.Claimed));
        });
    }

    [Test]
    public void AClosedTaskCannotBeCancelledOrClosedAgain()
    {
        var task = Given.Task();
        task.Close(Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => task.Cancel("x", Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState));
            Assert.That(Given.Refusal(() => task.Close(Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState));
        });
    }
}
