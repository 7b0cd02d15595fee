using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Tests;

/// <summary>Whether a member can still take a task, and how many places remain.</summary>
public class TaskAvailabilityTests
{
    [Test]
    public void APublishedTaskNotStartedIsOpenWithItsFreePlaces()
    {
        var task = Given.Task(slots: 10);
        Assert.That(TaskAvailability.Of(task, [], Given.Now), Is.EqualTo(new TaskAvailability(true, 10)));
    }

    [Test]
    public void AStartedTaskIsNotOpen()
    {
        var task = Given.Task(slots: 10);
        Assert.That(TaskAvailability.Of(task, [], task.StartsAt), Is.EqualTo(new TaskAvailability(false, 0)));
    }

    [Test]
    public void ClosedAndCancelledTasksAreNotOpen()
    {
        var closed = Given.Task();
        closed.Close(Given.Now);
        var cancelled = Given.Task();
        cancelled.Cancel("台风", Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(TaskAvailability.Of(closed, [], Given.Now).Open, Is.False);
            Assert.That(TaskAvailability.Of(cancelled, [], Given.Now).Open, Is.False);
        });
    }

    [Test]
    public void ATaskWithShiftsCountsTheShiftsNotStarted()
    {
        var start = Given.Now.AddDays(1);
        var task = VolunteerTask.Publish(Given.Plan(startsAt: start, slots: 7,
            shifts: [new ShiftPlan(start, start.AddHours(1), 3), new ShiftPlan(start.AddHours(2), start.AddHours(3), 4)]), 1, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(TaskAvailability.Of(task, task.Shifts, Given.Now), Is.EqualTo(new TaskAvailability(true, 7)));
            Assert.That(TaskAvailability.Of(task, task.Shifts, start.AddMinutes(30)), Is.EqualTo(new TaskAvailability(true, 4)));
            Assert.That(TaskAvailability.Of(task, task.Shifts, start.AddHours(2)), Is.EqualTo(new TaskAvailability(false, 0)));
        });
    }

    [Test]
    public void TheFeedsFourPartsTakeEveryTaskExactlyOnce()
    {
        var start = Given.Now.AddDays(1);
        var tasks = new List<VolunteerTask>();
        foreach (var shifts in new[] { false, true })
        {
            foreach (var end in new[] { "open", "closed", "cancelled" })
            {
                var plan = shifts
                    ? Given.Plan(startsAt: start, slots: 2, shifts: [new ShiftPlan(start, start.AddHours(1), 1), new ShiftPlan(start.AddHours(2), start.AddHours(3), 1)])
                    : Given.Plan(startsAt: start);
                var task = VolunteerTask.Publish(plan, 1, Given.Now);
                if (end == "closed")
                {
                    task.Close(Given.Now);
                }
                else if (end == "cancelled")
                {
                    task.Cancel("改期", Given.Now);
                }

                tasks.Add(task);
            }
        }

        foreach (var now in new[] { Given.Now, start, start.AddMinutes(90), start.AddHours(3), start.AddDays(1) })
        {
            var holding = new[] { TaskAvailability.Upcoming(now), TaskAvailability.Running(now), TaskAvailability.Started(now) }
                .Concat(TaskAvailability.Ended.Select(ended => TaskAvailability.EndedEarly(now, ended)))
                .Select(p => p.Compile()).ToList();
            Assert.That(tasks.Select(t => holding.Count(part => part(t))), Is.All.EqualTo(1), $"at {now:O}");
            var defaultFeed = tasks.Where(t => holding[0](t) || holding[1](t)).ToList();
            Assert.That(defaultFeed.Select(t => t.Status), Is.All.EqualTo(VolunteerTaskStatus.Published), "the default feed holds published tasks only");
        }
    }

    [TestCase(10, 10, 1, "名额已满")]
    [TestCase(10, 10, 3, "名额已满")]
    [TestCase(10, 8, 3, "剩余名额不足，仅剩 2 个")]
    [TestCase(10, 9, 5, "剩余名额不足，仅剩 1 个")]
    public void AGroupAskingMoreThanRemainsIsToldHowManyDo(int slots, int claimed, int seats, string reason)
    {
        var snapshot = new GrabSnapshot(TaskTier.City, null, VolunteerTaskStatus.Published, false, Given.Now.AddDays(1), slots, claimed);
        Assert.That(snapshot.FullReason(seats), Is.EqualTo(reason));
    }
}
