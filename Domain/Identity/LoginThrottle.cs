using Zhuji.Domain.Common;

namespace Zhuji.Domain.Identity;

/// <summary>
/// Password guesses, counted atomically in the database before the password is even checked (parallel
/// guesses get no more tries than serial ones). Three counts, each its own window:
/// an account from one address (5: a guesser is stopped, but only for himself, so one attacker cannot lock
/// someone out at will), an account from everywhere (30: a guessing botnet is stopped), and one address over
/// all accounts (30: one machine trying many names is stopped). A successful login clears the first two.
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

    /// <summary>The counts a successful login clears (the address's own count keeps running).</summary>
    public static IReadOnlyList<string> ClearedOnSuccess(string username, string address) =>
        [$"login:{username}@{address}", $"login:{username}"];
}
