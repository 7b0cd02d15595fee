using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;

namespace Zhuji.Domain.Tests;

/// <summary>FlagPeriods: closed years stay closed.</summary>
public class FlagPeriodTests
{
    private static readonly DateTime Now = ShanghaiTime.FromShanghaiLocal(new DateTime(2026, 11, 29, 10, 0, 0));
    private static readonly IReadOnlySet<int> Closed2025 = new HashSet<int> { 2025 };
    private static readonly IReadOnlySet<int> NoneClosed = new HashSet<int>();

    private static DateTime On(int year, int month = 6, int day = 1) => ShanghaiTime.FromShanghaiLocal(new DateTime(year, month, day, 9, 0, 0));

    [Test]
    public void ThisYearIsOpen() =>
        Assert.That(FlagPeriods.Check(On(2026), Now, Closed2025, cityAdmin: false, null), Is.EqualTo(PeriodChange.Open));

    [Test]
    public void LastYearIsOpenUntilItsCheckIsFinal() =>
        Assert.That(FlagPeriods.Check(On(2025), Now, NoneClosed, cityAdmin: false, null), Is.EqualTo(PeriodChange.Open));

    [TestCase(1, 1, 1)]
    [TestCase(2016, 3, 1)]
    [TestCase(2024, 12, 31)]
    public void EarlierThanLastYearIsClosedForEveryone(int year, int month, int day)
    {
        var refusal = Given.Refusal(() => FlagPeriods.Check(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc), Now, NoneClosed, cityAdmin: true, "更正"));
        Assert.That((refusal.Code, refusal.Message), Is.EqualTo((ErrorCodes.PeriodClosed, FlagPeriods.TooOld)));
    }

    [Test]
    public void AClosedYearRefusesACommunity() =>
        Assert.That(Given.Refusal(() => FlagPeriods.Check(On(2025), Now, Closed2025, cityAdmin: false, "理由")).Code, Is.EqualTo(ErrorCodes.PeriodClosed));

    [Test]
    public void AClosedYearRefusesTheCityWithoutAReason() =>
        Assert.That(Given.Refusal(() => FlagPeriods.Check(On(2025), Now, Closed2025, cityAdmin: true, "  ")).Code, Is.EqualTo(ErrorCodes.PeriodClosed));

    [Test]
    public void TheCityCorrectsAClosedYearWithAReason() =>
        Assert.That(FlagPeriods.Check(On(2025), Now, Closed2025, cityAdmin: true, "年底漏录，经核实补录"), Is.EqualTo(PeriodChange.ClosedYearCorrection));

    [Test]
    public void TheFutureIsAnInputErrorOnItsField() =>
        Assert.That(Given.Refusal(() => FlagPeriods.Check(Now.AddMinutes(1), Now, NoneClosed, false, null, "record.servedAt")).Errors.Keys,
            Is.EquivalentTo(new[] { "record.servedAt" }));

    [Test]
    public void TheYearIsShanghaisNotUtcs()
    {
        // 2025-12-31 23:30 in Shanghai is 15:30 UTC: still 2025, so closed.
        var newYearsEve = ShanghaiTime.FromShanghaiLocal(new DateTime(2025, 12, 31, 23, 30, 0));
        var newYearsDay = ShanghaiTime.FromShanghaiLocal(new DateTime(2026, 1, 1, 0, 30, 0));
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => FlagPeriods.Check(newYearsEve, Now, Closed2025, false, null)).Code, Is.EqualTo(ErrorCodes.PeriodClosed));
            Assert.That(FlagPeriods.Check(newYearsDay, Now, Closed2025, false, null), Is.EqualTo(PeriodChange.Open));
        });
    }
}
