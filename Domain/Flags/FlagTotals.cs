namespace Zhuji.Domain.Flags;

/// <summary>
/// A member's flags of one year by Shanghai month (index 0 = January), with the quarters and the total
/// derived from them: the archive, the unit's view and its reports all count the same way.
/// </summary>
public sealed class FlagTotals
{
    private readonly int[] byMonth = new int[12];

    public IReadOnlyList<int> ByMonth => byMonth;

    public IReadOnlyList<int> ByQuarter => [Quarter(1), Quarter(2), Quarter(3), Quarter(4)];

    public int Total => byMonth.Sum();

    /// <summary>Sums entries (awards and revocations) of months 1–12.</summary>
    public static FlagTotals Of(IEnumerable<(int Month, int Flags)> entries)
    {
        var totals = new FlagTotals();
        foreach (var (month, flags) in entries)
        {
            totals.byMonth[month - 1] += flags;
        }

        return totals;
    }

    /// <summary>The three months of quarter 1–4.</summary>
    public int Quarter(int quarter) => byMonth.Skip((quarter - 1) * 3).Take(3).Sum();

    /// <summary>From January through the last month of quarter 1–4.</summary>
    public int ThroughQuarter(int quarter) => byMonth.Take(quarter * 3).Sum();
}
