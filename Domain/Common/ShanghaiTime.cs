namespace Zhuji.Domain.Common;

/// <summary>
/// The business time zone. A year, quarter or month of service is the calendar period in
/// Asia/Shanghai of the moment the service was done, never of UTC or of the server clock.
/// Instants are kept as UTC <see cref="DateTime"/> everywhere else.
/// </summary>
public static class ShanghaiTime
{
    public const string ZoneId = "Asia/Shanghai";

    public static TimeZoneInfo Zone { get; } = FindZone();

    public static DateTimeOffset ToShanghai(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), Zone);

    /// <summary>Interprets a wall-clock time in Shanghai and returns the UTC instant.</summary>
    public static DateTime FromShanghaiLocal(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    public static ServicePeriod PeriodOf(DateTime utc)
    {
        var local = ToShanghai(utc);
        return new ServicePeriod(local.Year, local.Month);
    }

    /// <summary>[start, end) in UTC of a Shanghai calendar year.</summary>
    public static (DateTime StartUtc, DateTime EndUtc) YearBounds(int year) =>
        (FromShanghaiLocal(new DateTime(year, 1, 1)), FromShanghaiLocal(new DateTime(year + 1, 1, 1)));

    public static int YearOf(DateTime utc) => ToShanghai(utc).Year;

    /// <summary>How a person in Zhuji reads an instant: <c>2026年10月1日 05:00</c> (WeChat's <c>time</c> fields take the same).</summary>
    public static string Describe(DateTime utc) =>
        ToShanghai(utc).ToString("yyyy年M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Midnight (UTC instant) of the Shanghai calendar day the instant falls in.</summary>
    public static DateTime StartOfDay(DateTime utc) => FromShanghaiLocal(ToShanghai(utc).Date);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(ZoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // Machines without tzdata: Shanghai has kept UTC+8 without daylight saving since 1991.
            return TimeZoneInfo.CreateCustomTimeZone(ZoneId, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}

/// <summary>The Shanghai calendar month a service belongs to.</summary>
public readonly record struct ServicePeriod(int Year, int Month)
{
    public int Quarter => (Month - 1) / 3 + 1;
}
