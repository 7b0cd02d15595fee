using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Flags;

namespace Zhuji.Domain.Tests;

/// <summary>What a quarterly report may say before the year is over, and which quarter it covers.</summary>
public class ReportRuleTests
{
    private static readonly CompliancePolicy Five = CompliancePolicy.Default;

    [TestCase(1, 2)]
    [TestCase(2, 3)]
    [TestCase(3, 4)]
    [TestCase(4, 5)]
    public void ThePaceToFiveIsTheShareOfTheYearRoundedUp(int quarter, int pace) =>
        Assert.That(Progress.PaceBy(quarter, Five), Is.EqualTo(pace));

    [TestCase(5, 1, ProgressState.Reached, "已达标")]
    [TestCase(7, 2, ProgressState.Reached, "已达标")]
    [TestCase(2, 1, ProgressState.OnTrack, "进度正常")]
    [TestCase(4, 3, ProgressState.OnTrack, "进度正常")]
    [TestCase(3, 3, ProgressState.Behind, "进度落后（差 1 面）")]
    [TestCase(0, 2, ProgressState.Behind, "进度落后（差 3 面）")]
    [TestCase(4, 4, ProgressState.Behind, "进度落后（差 1 面）")]
    public void AMemberIsReachedOnTrackOrBehindByHowMuch(int yearToDate, int quarter, ProgressState state, string wording)
    {
        var progress = Progress.Of(yearToDate, quarter, evaluated: true, Five);
        Assert.That((progress.State, progress.Describe()), Is.EqualTo((state, wording)));
    }

    [Test]
    public void NoQuarterEverSaysNonCompliant()
    {
        var said = from quarter in Enumerable.Range(1, 4)
                   from flags in Enumerable.Range(0, 8)
                   from evaluated in new[] { true, false }
                   select Progress.Of(flags, quarter, evaluated, Five).Describe();
        Assert.That(said, Has.None.Contains("不达标"));
    }

    [Test]
    public void SomeoneNotEvaluatedHasNoProgressState() =>
        Assert.That(Progress.Of(0, 4, evaluated: false, Five).Describe(), Is.EqualTo("不参与考核"));

    [Test]
    public void AQuarterIsItsThreeMonthsInShanghai()
    {
        var q3 = ReportPeriod.Quarterly(2026, 3);
        Assert.Multiple(() =>
        {
            Assert.That(q3.Months, Is.EqualTo((7, 9)));
            Assert.That(q3.Bounds.Start, Is.EqualTo(ShanghaiTime.FromShanghaiLocal(new DateTime(2026, 7, 1))));
            Assert.That(q3.Bounds.End, Is.EqualTo(ShanghaiTime.FromShanghaiLocal(new DateTime(2026, 10, 1))));
            Assert.That(q3.Name, Is.EqualTo("2026 年第 3 季度"));
            Assert.That(q3.Span, Is.EqualTo("2026年7月1日—2026年9月30日"));
        });
    }

    [Test]
    public void APastQuarterIsAsOfItsEndAndTheCurrentOneAsOfNow()
    {
        var q3 = ReportPeriod.Quarterly(2026, 3);
        var november = ShanghaiTime.FromShanghaiLocal(new DateTime(2026, 11, 29, 10, 0, 0));
        var august = ShanghaiTime.FromShanghaiLocal(new DateTime(2026, 8, 15, 10, 0, 0));
        Assert.Multiple(() =>
        {
            Assert.That(q3.AsOf(november), Is.EqualTo(q3.Bounds.End), "a remake in November prints what stood on 30 September");
            Assert.That(q3.AsOf(august), Is.EqualTo(august));
            Assert.That(ReportPeriod.Annual(2025).AsOf(november), Is.EqualTo(november), "the year's result counts late confirmations, as the annual check does");
        });
    }

    [Test]
    public void GeneratedAtIsShanghaiTimeSoNewYearsDayIsNotDecember() =>
        Assert.That(ShanghaiTime.Describe(new DateTime(2026, 12, 31, 17, 30, 0, DateTimeKind.Utc)), Is.EqualTo("2027年1月1日 01:30"));
}
