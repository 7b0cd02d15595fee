using Zhuji.Domain.Common;

namespace Zhuji.Domain.Identity;

/// <summary>
/// Password guesses: wrong passwords (and unknown usernames) are what is limited, never successes, so that an office of
/// 300 behind one NAT logs in on a Monday morning. Three counts, each its own window: an account from one address (5:
/// a guesser is stopped, but only for himself, so one attacker cannot lock someone out at will), an account from
/// everywhere (30: a guessing botnet is stopped), and one address over all accounts (30: one machine trying many names
/// is stopped).
/// <para>
/// So that parallel guesses get no more tries than serial ones, an attempt takes a place under each count atomically
/// before its password is checked (the count is failures plus attempts in flight). A wrong password keeps its places
/// and is counted as a failure; a right one gives its address place back and clears the account's counts. An attempt
/// that finds the places taken by attempts still in flight (not by failures) waits for them rather than being refused.
/// </para>
/// </summary>
public static class LoginThrottle
{
    public const int PerAccountFromOneAddress = 5;
    public const int PerAccount = 30;
    public const int PerAddress = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public static IReadOnlyList<Quota> Limits(string username, string address, DateTime now) =>
    [
        new($"login:{username}@{address}", PerAccountFromOneAddress, now + Window),
        new($"login:{username}", PerAccount, now + Window),
        new($"login@{address}", PerAddress, now + Window),
    ];

    /// <summary>The counts a successful login clears: the account's, and their failures.</summary>
    public static IReadOnlyList<string> ClearedOnSuccess(string username, string address) =>
        [$"login:{username}@{address}", $"login:{username}", FailuresOf($"login:{username}@{address}"), FailuresOf($"login:{username}")];

    /// <summary>The place a successful login gives back: the address's (its failures keep counting).</summary>
    public static string ReleasedOnSuccess(string address) => $"login@{address}";

    /// <summary>The count of the wrong passwords alone under a limit's key (the key itself counts attempts in flight too).</summary>
    public static string FailuresOf(string key) => key + "#failed";

    /// <summary>Wrong passwords have reached the limit: attempts are refused until the window ends (when only attempts in flight fill a count, an attempt waits for them).</summary>
    public static bool Refuses(Quota limit, int failures) => failures >= limit.Limit;
}
