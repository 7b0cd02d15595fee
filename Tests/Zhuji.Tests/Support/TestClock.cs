namespace Zhuji.Tests.Support;

/// <summary>The business clock the API sees (its <see cref="TimeProvider"/>), moved by the test.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) => now += by;

    /// <summary>A UTC moment as a Shanghai wall clock shows it.</summary>
    public static DateTimeOffset ToShanghai(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(8));

    public void Set(DateTimeOffset to) => now = to;

    /// <summary>A wall-clock time in Shanghai.</summary>
    public static DateTimeOffset Shanghai(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));
}
