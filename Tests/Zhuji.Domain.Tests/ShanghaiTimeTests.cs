using Zhuji.Domain.Common;

namespace Zhuji.Domain.Tests;

public class ShanghaiTimeTests
{
    [Test]
    public void HalfPastMidnightOnNewYearsDayInShanghaiIsTheNewYear()
    {
        // 2026-01-01 00:30 in Shanghai is 2025-12-31 16:30 UTC.
        var utc = new DateTime(2025, 12, 31, 16, 30, 0, DateTimeKind.Utc);
        var period = ShanghaiTime.PeriodOf(utc);
        Assert.Multiple(() =>
        {
            Assert.That(period.Year, Is.EqualTo(2026));
            Assert.That(period.Month, Is.EqualTo(1));
            Assert.That(period.Quarter, Is.EqualTo(1));
        });
    }

    [Test]
    public void ElevenPmOnNewYearsEveInShanghaiIsTheOldYear()
    {
        var utc = new DateTime(2025, 12, 31, 15, 0, 0, DateTimeKind.Utc);
        Assert.That(ShanghaiTime.PeriodOf(utc), Is.EqualTo(new ServicePeriod(2025, 12)));
        Assert.That(ShanghaiTime.PeriodOf(utc).Quarter, Is.EqualTo(4));
    }

    [Test]
    public void YearBoundsAreShanghaiMidnights()
    {
        var (start, end) = ShanghaiTime.YearBounds(2026);
        Assert.Multiple(() =>
        {
            Assert.That(start, Is.EqualTo(new DateTime(2025, 12, 31, 16, 0, 0, DateTimeKind.Utc)));
            Assert.That(end, Is.EqualTo(new DateTime(2026, 12, 31, 16, 0, 0, DateTimeKind.Utc)));
        });
    }
}
