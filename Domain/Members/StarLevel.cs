using System.Globalization;

namespace Zhuji.Domain.Members;

/// <summary>
/// 星级志愿者: the star a member has reached by his hours of service over all years — confirmed services (a claim, or a
/// service the community entered) whose flag was not revoked. The thresholds are the city's
/// (<c>Zhuji:Volunteers:StarHours</c>), by default the usual 100/300/600/1000/1500 hours for one to five stars.
/// </summary>
public sealed record StarLevel(decimal LifetimeHours, int Star, string Name, decimal? NextStarHours)
{
    public const string DefaultThresholds = "100,300,600,1000,1500";
    private const string Numerals = "一二三四五六七八九十";

    /// <summary>The thresholds as configured: one to ten increasing positive hours (<see cref="FormatException"/> otherwise).</summary>
    public static IReadOnlyList<decimal> ParseThresholds(string text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var hours = new List<decimal>();
        foreach (var part in parts)
        {
            if (!decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new FormatException($"星级时长须为正数：{part}");
            }

            if (hours.Count > 0 && value <= hours[^1])
            {
                throw new FormatException("星级时长须从低到高排列");
            }

            hours.Add(value);
        }

        return hours.Count is >= 1 and <= 10 ? hours : throw new FormatException("星级须有 1 到 10 档");
    }

    /// <summary>The star of <paramref name="lifetimeHours"/>: how many thresholds it reaches; and the hours to the next.</summary>
    public static StarLevel Of(decimal lifetimeHours, IReadOnlyList<decimal> thresholds)
    {
        var star = thresholds.Count(t => lifetimeHours >= t);
        return new StarLevel(lifetimeHours, star, NameOf(star), star < thresholds.Count ? thresholds[star] : null);
    }

    public static string NameOf(int star) => star == 0 ? "志愿者" : $"{Numerals[star - 1]}星级志愿者";
}
