namespace Zhuji.Domain.Identity;

/// <summary>
/// A back-office login (username and password) for an admin user. Guesses are limited by
/// <see cref="LoginThrottle"/>; an account may be disabled by whoever may manage it, which ends its
/// tokens at once. The hashing lives in the API.
/// </summary>
public sealed class AdminAccount
{
    public const int MinPasswordLength = 10;

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
    public DateTime CreatedAt { get; private set; }
    public DateTime PasswordChangedAt { get; private set; }
    public bool Disabled { get; private set; }
    public DateTime? DisabledAt { get; private set; }

    /// <summary>A new password: the user's earlier tokens stop working.</summary>
    public void ChangePassword(string passwordHash, User user, DateTime now)
    {
        PasswordHash = passwordHash;
        PasswordChangedAt = now;
        user.RevokeTokens();
    }

    /// <summary>The hash was upgraded to the current algorithm after a successful login.</summary>
    public void RehashPassword(string passwordHash) => PasswordHash = passwordHash;

    /// <summary>No more logins, and the tokens it holds stop working. Nobody disables his own account.</summary>
    public void Disable(User user, long byUserId, DateTime now)
    {
        if (byUserId == UserId)
        {
            throw Common.DomainException.InvalidState("不能停用本人的账号");
        }

        Disabled = true;
        DisabledAt = now;
        user.RevokeTokens();
    }

    public void Enable()
    {
        Disabled = false;
        DisabledAt = null;
    }
}
