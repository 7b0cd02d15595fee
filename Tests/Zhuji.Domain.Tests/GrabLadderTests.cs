using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Tests;

/// <summary>ClaimRules.Decide: the one ladder a single grab and a help group's claim both climb.</summary>
public class GrabLadderTests
{
    private static readonly DateTime Start = Given.Now.AddHours(2);
    private static readonly Home InA = Home.Of(Given.CommunityA, Given.BlockA1);

    private static GrabSnapshot Task(TaskTier tier = TaskTier.Community, long? scope = Given.CommunityA, int slots = 10, int claimed = 0,
        VolunteerTaskStatus status = VolunteerTaskStatus.Published, bool hasShifts = false, ShiftChoice shift = ShiftChoice.None,
        int shiftSlots = 0, int shiftClaimed = 0, DateTime? shiftStart = null) =>
        new(tier, scope, status, hasShifts, Start, slots, claimed, shift, shiftStart ?? (shift == ShiftChoice.OfTheTask ? Start : null), shiftSlots, shiftClaimed);

    [Test]
    public void ClaimsWhenNothingRefuses() =>
        Assert.That(ClaimRules.Decide(Task(), InA, anyHoldsClaim: false, seats: 1, Given.Now), Is.EqualTo(GrabOutcome.Claimed));

    [Test]
    public void RefusesATaskOfAnotherCommunityAsNotVisible() =>
        Assert.That(ClaimRules.Decide(Task(scope: Given.CommunityB), InA, false, 1, Given.Now), Is.EqualTo(GrabOutcome.NotVisible));

    [Test]
    public void RefusesABlockTaskOfAnotherBlockEvenInTheSameCommunity() =>
        Assert.That(ClaimRules.Decide(Task(TaskTier.Block, Given.BlockA2), InA, false, 1, Given.Now), Is.EqualTo(GrabOutcome.NotVisible));

    [Test]
    public void ShowsACityTaskToEveryone() =>
        Assert.That(ClaimRules.Decide(Task(TaskTier.City, null), Home.Of(Given.CommunityB, Given.BlockB1), false, 1, Given.Now), Is.EqualTo(GrabOutcome.Claimed));

    [Test]
    public void AsksForAShiftWhenTheTaskHasShifts() =>
        Assert.That(ClaimRules.Decide(Task(hasShifts: true), InA, false, 1, Given.Now), Is.EqualTo(GrabOutcome.ShiftRequired));

    [Test]
    public void RefusesAShiftOfAnotherTask() =>
        Assert.That(ClaimRules.Decide(Task(hasShifts: true, shift: ShiftChoice.Unknown), InA, false, 1, Given.Now), Is.EqualTo(GrabOutcome.UnknownShift));

    [Test]
    public void RefusesAShiftOnATaskWithoutShifts() =>
        Assert.That(ClaimRules.Decide(Task(shift: ShiftChoice.OfTheTask), InA, false, 1, Given.Now), Is.EqualTo(GrabOutcome.UnknownShift));

    [Test]
    public void ClosesTheWindowAtTheStart() =>
        Assert.That(ClaimRules.Decide(Task(), InA, false, 1, Start), Is.EqualTo(GrabOutcome.WindowClosed));

    [TestCase(VolunteerTaskStatus.Closed)]
    [TestCase(VolunteerTaskStatus.Cancelled)]
    public void ClosesTheWindowWhenTheTaskIsNoLongerPublished(VolunteerTaskStatus status) =>
        Assert.That(ClaimRules.Decide(Task(status: status), InA, false, 1, Given.Now), Is.EqualTo(GrabOutcome.WindowClosed));

    [Test]
    public void TakesTheShiftsStartNotTheTasks()
    {
        var shift = Task(hasShifts: true, shift: ShiftChoice.OfTheTask, shiftSlots: 5, shiftStart: Given.Now.AddMinutes(-1));
        Assert.That(ClaimRules.Decide(shift, InA, false, 1, Given.Now), Is.EqualTo(GrabOutcome.WindowClosed));
    }

    [Test]
    public void RefusesASecondClaimOfTheSameMember() =>
        Assert.That(ClaimRules.Decide(Task(), InA, anyHoldsClaim: true, 1, Given.Now), Is.EqualTo(GrabOutcome.AlreadyClaimed));

    [Test]
    public void RefusesAFullTask() =>
        Assert.That(ClaimRules.Decide(Task(slots: 3, claimed: 3), InA, false, 1, Given.Now), Is.EqualTo(GrabOutcome.TaskFull));

    [Test]
    public void RefusesAGroupLargerThanTheFreeSlots() =>
        Assert.That(ClaimRules.Decide(Task(slots: 10, claimed: 7), InA, false, seats: 4, Given.Now), Is.EqualTo(GrabOutcome.TaskFull));

    [Test]
    public void CountsAFullShiftNotTheTask() =>
        Assert.That(ClaimRules.Decide(Task(hasShifts: true, shift: ShiftChoice.OfTheTask, shiftSlots: 2, shiftClaimed: 2), InA, false, 1, Given.Now),
            Is.EqualTo(GrabOutcome.TaskFull));

    [Test]
    public void SaysClosedBeforeFullAndAlreadyClaimedBeforeFull()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ClaimRules.Decide(Task(slots: 1, claimed: 1), InA, true, 1, Start), Is.EqualTo(GrabOutcome.WindowClosed));
            Assert.That(ClaimRules.Decide(Task(slots: 1, claimed: 1), InA, true, 1, Given.Now), Is.EqualTo(GrabOutcome.AlreadyClaimed));
        });
    }

    [Test]
    public void AMemberMovingToAnotherCommunityKeepsTheCitysTasksOnly()
    {
        var moving = Home.Of(Given.CommunityA, Given.BlockA1, movingToCommunityId: Given.CommunityB, movingToBlockId: Given.BlockB1);
        Assert.Multiple(() =>
        {
            Assert.That(ClaimRules.Decide(Task(TaskTier.City, null), moving, false, 1, Given.Now), Is.EqualTo(GrabOutcome.Claimed));
            Assert.That(ClaimRules.Decide(Task(), moving, false, 1, Given.Now), Is.EqualTo(GrabOutcome.NotVisible), "the old community's");
            Assert.That(ClaimRules.Decide(Task(scope: Given.CommunityB), moving, false, 1, Given.Now), Is.EqualTo(GrabOutcome.NotVisible), "not yet the new one's");
            Assert.That(ClaimRules.Decide(Task(TaskTier.Block, Given.BlockA1), moving, false, 1, Given.Now), Is.EqualTo(GrabOutcome.NotVisible));
        });
    }

    [Test]
    public void AMemberMovingToAnotherBlockOfHisCommunityKeepsItsCommunityTasks()
    {
        var moving = Home.Of(Given.CommunityA, Given.BlockA1, movingToCommunityId: Given.CommunityA, movingToBlockId: Given.BlockA2);
        Assert.Multiple(() =>
        {
            Assert.That(ClaimRules.Decide(Task(), moving, false, 1, Given.Now), Is.EqualTo(GrabOutcome.Claimed));
            Assert.That(ClaimRules.Decide(Task(TaskTier.Block, Given.BlockA1), moving, false, 1, Given.Now), Is.EqualTo(GrabOutcome.NotVisible));
        });
    }

    [Test]
    public void APendingChangeThatMovesNothingChangesNothing() =>
        Assert.That(Home.Of(Given.CommunityA, Given.BlockA1, Given.CommunityA, Given.BlockA1), Is.EqualTo(new Home(Given.CommunityA, Given.BlockA1)));

    [Test]
    public void ExplainsARefusedUpdateByTheWindowOrElseTheSlots()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ClaimRules.WhyNotTaken(VolunteerTaskStatus.Published, Start, Given.Now), Is.EqualTo(GrabOutcome.TaskFull));
            Assert.That(ClaimRules.WhyNotTaken(VolunteerTaskStatus.Closed, Start, Given.Now), Is.EqualTo(GrabOutcome.WindowClosed));
            Assert.That(ClaimRules.WhyNotTaken(VolunteerTaskStatus.Published, Start, Start), Is.EqualTo(GrabOutcome.WindowClosed));
        });
    }
}
