using Zhuji.Domain.Flags;

namespace Zhuji.Domain.Compliance;

/// <summary>How many evaluated members stand where: the city's progress figures.</summary>
public readonly record struct StandingCounts(long Evaluated, long Reached, long OnTrack, long Behind);

/// <summary>
/// The city's standing for a year from two tallies instead of a read of every member: how many in-service members
/// are evaluated (by the year they were first evaluated for) and how many of them have 1, 2, … up to the threshold
/// flags that year (<see cref="CompliancePolicy.Bucket"/>). The rest of the evaluated have none. Each bucket stands
/// where <see cref="Progress.Today"/> puts a member with that many flags, so the counts are the ones a read of every
/// member gives (a test holds them to it).
/// </summary>
public static class Standings
{
    /// <param name="evaluatedFrom">In-service members by their first evaluated year.</param>
    /// <param name="buckets">Evaluated members with flags in <paramref name="year"/>, by bucket (1 to the threshold).</param>
    public static StandingCounts Of(
        IReadOnlyDictionary<int, long> evaluatedFrom, IReadOnlyDictionary<int, long> buckets, int year, DateTime now, CompliancePolicy policy)
    {
        var evaluated = evaluatedFrom.Where(c => c.Key <= year).Sum(c => c.Value);
        var withFlags = buckets.Where(b => b.Key >= 1).Sum(b => b.Value);
        var counts = buckets.Where(b => b.Key >= 1).Select(b => (b.Key, b.Value)).Append((0, Math.Max(0, evaluated - withFlags)));
        long reached = 0, onTrack = 0, behind = 0;
        foreach (var (flags, count) in counts)
        {
            switch (Progress.Today(flags, year, now, evaluated: true, policy).State)
            {
                case ProgressState.Reached:
                    reached += count;
                    break;
                case ProgressState.OnTrack:
                    onTrack += count;
                    break;
                default:
                    behind += count;
                    break;
            }
        }

        return new StandingCounts(evaluated, reached, onTrack, behind);
    }
}
