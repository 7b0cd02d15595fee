using Zhuji.Api.Errors;
using Zhuji.Domain.Common;

namespace Zhuji.Api.Http;

/// <summary><c>?year=</c> on every view: 2000–2100, else 400 on the field; absent, this Shanghai year (or another default).</summary>
public static class Years
{
    public const int Min = 2000;
    public const int Max = 2100;

    /// <summary>The year asked for, or <paramref name="otherwise"/>; refused when out of range.</summary>
    public static Loaded<int> Read(int? year, int otherwise) =>
        year is < Min or > Max ? Problems.Validation("year", $"年份须在 {Min} 到 {Max} 之间") : year ?? otherwise;

    /// <summary>This Shanghai year.</summary>
    public static int Current(TimeProvider clock) => ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime);
}
