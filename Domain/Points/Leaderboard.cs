namespace Zhuji.Domain.Points;

public enum LeaderboardScope
{
    Community,
    WorkUnit,
    City,
}

public enum LeaderboardBy
{
    Flags,
    Points,
}

/// <summary>One member's year: what the board is sorted by.</summary>
public sealed record LeaderboardCandidate(long MemberId, string Name, long CommunityId, string Community, int Flags, int Points);

public sealed record LeaderboardRow(int Rank, long MemberId, string Name, string Community, int Flags, int Points);

/// <summary>
/// The leaderboard (光荣榜): the top <see cref="Size"/> by flags or points in the year, ties sharing a rank (1, 2, 2,
/// 4), nobody with nothing listed; names outside the caller's own community masked (张*).
/// </summary>
public static class Leaderboard
{
    public const int Size = 50;

    public static IReadOnlyList<LeaderboardRow> Rank(IEnumerable<LeaderboardCandidate> candidates, LeaderboardBy by, Func<long, bool> seesName)
    {
        int Score(LeaderboardCandidate c) => by == LeaderboardBy.Flags ? c.Flags : c.Points;
        var ordered = candidates.Where(c => Score(c) > 0)
            .OrderByDescending(Score).ThenByDescending(c => by == LeaderboardBy.Flags ? c.Points : c.Flags).ThenBy(c => c.MemberId)
            .Take(Size).ToList();
        var rows = new List<LeaderboardRow>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var c = ordered[i];
            var rank = i > 0 && Score(ordered[i - 1]) == Score(c) ? rows[i - 1].Rank : i + 1;
            rows.Add(new LeaderboardRow(rank, c.MemberId, seesName(c.CommunityId) ? c.Name : MaskName(c.Name), c.Community, c.Flags, c.Points));
        }

        return rows;
    }

    /// <summary>The family name and one star: 张三丰 → 张*.</summary>
    public static string MaskName(string name) => name.Length == 0 ? "*" : $"{name[..1]}*";
}
