namespace Zhuji.Domain.Identity;

/// <summary>
/// A back-office login (username and password) for an admin user. Repeated failures lock it for a
/// while; the counting lives here, the hashing in the API.
/// </summary>
public sealed class AdminAccount
{
    public const int MaxFailedAttempts = 5;
    public const int MinPasswordLength = 10;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private AdminAccount()
    {
    }

    public AdminAccount(long userId, string username, string passwordHash, DateTime now)
    {
        UserId = userId;
        Username = username;
        PasswordHash = passwordHash;
        CreatedAt = now;
        PasswordChangedAt = now;
    }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public string Username { get; private set; } = "";
    public string PasswordHash { get; private set; } = "";
    public int FailedAttempts { get; private set; }
    public DateTime? LockedUntil { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime PasswordChangedAt { get; private set; }

    public bool IsLockedOut(DateTime now) => LockedUntil is { } until && until > now;

    public TimeSpan RemainingLockout(DateTime now) =>
        LockedUntil is { } until && until > now ? until - now : TimeSpan.Zero;

    public void RecordFailure(DateTime now)
    {
        FailedAttempts++;
        if (FailedAttempts >= MaxFailedAttempts)
        {
            LockedUntil = now + LockoutDuration;
            FailedAttempts = 0;
        }
    }

    public void RecordSuccess()
    {
        FailedAttempts = 0;
        LockedUntil = null;
    }

    public void ChangePassword(string passwordHash, DateTime now)
    {
        PasswordHash = passwordHash;
        PasswordChangedAt = now;
        RecordSuccess();
    }

    /// <summary>The hash was upgraded to the current algorithm after a successful login.</summary>
    public void RehashPassword(string passwordHash) => PasswordHash = passwordHash;
}
