using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Zhuji.Domain.Common;

namespace Zhuji.Domain.Tasks;

/// <summary>
/// The organiser's rotating check-in code (签到码): six digits derived with a server secret from the task and the
/// minute window (HMAC-SHA256, truncated as TOTP does), so it cannot be worked out from the task id and a photo
/// of the screen stops working within two minutes. The window before and after the current one are accepted,
/// for a phone or a printout whose clock drifts. The QR carries <c>zhuji-checkin:{taskId}:{code}</c>, so the
/// mini-program knows which of the member's claims it belongs to; the bare digits are accepted too, typed.
/// </summary>
public static class CheckInCode
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    public const int Digits = 6;
    public const string QrPrefix = "zhuji-checkin:";

    public static long WindowOf(DateTime utc) =>
        (long)Math.Floor((DateTime.SpecifyKind(utc, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds / Step.TotalSeconds);

    public static string For(ReadOnlySpan<byte> key, long taskId, long window)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"checkin:{taskId}:{window}")), hash);
        var offset = hash[^1] & 0x0F;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The code shown now and when the screen should show the next one.</summary>
    public static (string Code, DateTime ExpiresAt) Current(ReadOnlySpan<byte> key, long taskId, DateTime now)
    {
        var window = WindowOf(now);
        return (For(key, taskId, window), DateTime.UnixEpoch.AddTicks((window + 1) * Step.Ticks));
    }

    /// <summary>What the QR holds.</summary>
    public static string QrText(long taskId, string code) => string.Create(CultureInfo.InvariantCulture, $"{QrPrefix}{taskId}:{code}");

    /// <summary>
    /// Whether <paramref name="presented"/> (the digits, or the QR's text) is the code of this task in the current
    /// window or a neighbouring one.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> key, long taskId, string? presented, DateTime now)
    {
        var code = (presented ?? "").Trim();
        if (code.StartsWith(QrPrefix, StringComparison.Ordinal))
        {
            var parts = code[QrPrefix.Length..].Split(':');
            if (parts.Length != 2 || parts[0] != taskId.ToString(CultureInfo.InvariantCulture))
            {
                return false;
            }

            code = parts[1];
        }

        if (code.Length != Digits || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var window = WindowOf(now);
        var given = Encoding.ASCII.GetBytes(code);
        var match = false;
        for (var w = window - 1; w <= window + 1; w++)
        {
            match |= CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(For(key, taskId, w)));
        }

        return match;
    }
}

/// <summary>A circle around the site: check-in and check-out from a phone that sends its position must fall inside.</summary>
public sealed record Geofence(double Latitude, double Longitude, int RadiusMeters)
{
    public const int MinRadius = 10;
    public const int MaxRadius = 10_000;
    private const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>Great-circle distance in metres (haversine).</summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(lat2 - lat1);
        var dLon = Radians(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>On the circle counts as inside.</summary>
    public bool Contains(double latitude, double longitude) => Distance(Latitude, Longitude, latitude, longitude) <= RadiusMeters;

    /// <summary>Every rule a geofence breaks, for the request's <paramref name="field"/>.</summary>
    public static IReadOnlyList<FieldError> Check(double? latitude, double? longitude, int? radius, string field = "geofence")
    {
        var errors = new List<FieldError>();
        if (latitude is not (>= -90 and <= 90) || longitude is not (>= -180 and <= 180))
        {
            errors.Add(new(field, "签到范围的经纬度无效"));
        }

        if (radius is not (>= MinRadius and <= MaxRadius))
        {
            errors.Add(new(field, $"签到范围半径须在 {MinRadius} 到 {MaxRadius} 米之间"));
        }

        return errors;
    }
}

/// <summary>
/// When a member may check in and out, how his hours are counted and when a day is too long to confirm without
/// a look (i志愿's rule).
/// </summary>
public static class Attendance
{
    public static readonly TimeSpan OpensBeforeStart = TimeSpan.FromMinutes(30);

    /// <summary>Check-out stays open this long after the end (hours still count only to the end, marked late).</summary>
    public static readonly TimeSpan CheckOutGrace = TimeSpan.FromHours(2);

    /// <summary>The least service between check-in and check-out (<c>Zhuji:CheckIn:MinimumMinutes</c>).</summary>
    public static readonly TimeSpan DefaultMinimumService = TimeSpan.FromMinutes(10);
    public const decimal LongDayHours = 8;

    public const string OutsideWindow = "签到须在任务开始前 30 分钟至结束之间";
    public const string CheckOutClosed = "签退须在任务开始后至结束后 2 小时之内";
    public const string AlreadyCheckedIn = "已签到，不能重复签到";
    public const string NotCheckedIn = "尚未签到，不能签退";
    public const string AlreadyCheckedOut = "已签退，不能重复签退";
    public const string NeedsCheckIn = "该任务须现场签到、签退后才能认定，或由管理员录入现场签到记录";
    public const string LongDay = "当日服务时长超过 8 小时，请逐条审核后认定";

    public static string TooShort(TimeSpan minimum) => $"签到后满 {(int)minimum.TotalMinutes} 分钟才能签退";

    public static bool WindowOpen(DateTime startsAt, DateTime endsAt, DateTime now) =>
        now >= startsAt - OpensBeforeStart && now <= endsAt;

    /// <summary>Check-out: from the check-in window's opening until <see cref="CheckOutGrace"/> after the end.</summary>
    public static bool CheckOutOpen(DateTime startsAt, DateTime endsAt, DateTime now) =>
        now >= startsAt - OpensBeforeStart && now <= endsAt + CheckOutGrace;

    /// <summary>From check-in to check-out, counted only inside the task's window, rounded down to the half hour.</summary>
    public static decimal Hours(DateTime checkedInAt, DateTime checkedOutAt, DateTime startsAt, DateTime endsAt)
    {
        var from = checkedInAt > startsAt ? checkedInAt : startsAt;
        var to = checkedOutAt < endsAt ? checkedOutAt : endsAt;
        if (to <= from)
        {
            return 0;
        }

        return Math.Floor((decimal)(to - from).TotalMinutes / 30m) / 2m;
    }

    /// <summary>What a claim is now, for a check-in or check-out that another request overtook.</summary>
    public static string Describe(ClaimStatus status, bool checkedIn, bool checkedOut) => status switch
    {
        ClaimStatus.Cancelled => "认领已取消",
        ClaimStatus.Confirmed => "服务已认定",
        ClaimStatus.Rejected => "该纪实已被驳回",
        ClaimStatus.NoShow => "已标记为未到岗",
        _ when checkedOut => AlreadyCheckedOut,
        _ when checkedIn => AlreadyCheckedIn,
        _ => "签到未完成：认领刚被修改，请重试",
    };

    /// <summary>More than <see cref="LongDayHours"/> in one Shanghai day, this service with his others that day.</summary>
    public static bool IsLongDay(decimal hours, decimal otherHoursThatDay) => hours + otherHoursThatDay > LongDayHours;
}

/// <summary>
/// Guessing the six digits: wrong codes are counted per claim and per task (many members guessing one task together).
/// A claim with <see cref="WrongCodesPerClaim"/> wrong codes, or a task with <see cref="WrongCodesPerTask"/>, is locked
/// for <see cref="LockFor"/> from the code that reached the limit: nothing it sends is checked until then, so at most
/// 10 guesses a quarter of an hour reach the code — about 1 in 100,000 odds, where one a second gave 1 in 20 over a
/// task's morning. The organiser can still take attendance on site.
/// </summary>
public static class CheckInLockout
{
    public const int WrongCodesPerClaim = 10;
    public const int WrongCodesPerTask = 50;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    public static string ClaimKey(long claimId) => string.Create(CultureInfo.InvariantCulture, $"checkin-wrong:claim:{claimId}");

    public static string TaskKey(long taskId) => string.Create(CultureInfo.InvariantCulture, $"checkin-wrong:task:{taskId}");

    /// <summary>What the member is told while it is locked, until <paramref name="until"/>.</summary>
    public static string Locked(DateTime until, DateTime now, bool wholeTask) =>
        $"签到码错误次数过多，{(wholeTask ? "该任务的扫码签到" : "您的签到")}已暂停，请 {Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes))} 分钟后再试，或请组织者现场登记";

    /// <summary>A wrong code, and how many more he may send before the lock.</summary>
    public static string Wrong(int used) =>
        used >= WrongCodesPerClaim
            ? $"签到码无效，签到已暂停 {(int)LockFor.TotalMinutes} 分钟"
            : $"签到码无效或已过期，请扫描现场最新的签到码（还可尝试 {WrongCodesPerClaim - used} 次）";
}

/// <summary>Where a task with a geofence is checked in: only with the phone's position (ADR 0018).</summary>
public static class OnSiteRules
{
    public const string LocationRequired = "该任务须在活动地点签到：请允许小程序获取位置后再扫码";

    /// <summary>A task with a geofence requires coordinates; a task without one takes them when sent, and does without.</summary>
    public static bool NeedsLocation(Geofence? fence, double? latitude, double? longitude) => fence is not null && (latitude is null || longitude is null);
}
