namespace Zhuji.Domain.Common;

/// <summary>
/// At most <see cref="Limit"/> under <see cref="Key"/> until a window ends; a window that begins now ends at
/// <see cref="WindowEndsAt"/>. Counted atomically by the database (a conditional update), so that parallel
/// requests get no more than serial ones.
/// </summary>
public sealed record Quota(string Key, int Limit, DateTime WindowEndsAt)
{
    /// <summary>The Shanghai calendar day of <paramref name="now"/>: "10 a day" means until midnight in Zhuji.</summary>
    public static Quota PerShanghaiDay(string key, int limit, DateTime now) =>
        new($"{key}:{ShanghaiTime.ToShanghai(now):yyyyMMdd}", limit, ShanghaiTime.StartOfDay(now).AddDays(1));
}
