namespace Zhuji.Domain.Identity;

/// <summary>
/// Anyone who logs in: through WeChat (by openid) or with a back-office account. A logged-in user
/// may always act as a resident; roles and an approved registration give more.
/// </summary>
public sealed class User
{
    private User()
    {
    }

    public long Id { get; private set; }
    public string? OpenId { get; private set; }
    public string? UnionId { get; private set; }
    public string DisplayName { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? LastLoginAt { get; private set; }

    /// <summary>When the person cancelled his account (注销): he is anonymised and his openid forgotten.</summary>
    public DateTime? CancelledAt { get; private set; }

    /// <summary>
    /// Changes whenever what the user's tokens stand for is taken away as a whole (a new password, a disabled
    /// account): a token carrying an older stamp is refused (<c>token_revoked</c>).
    /// </summary>
    public string SecurityStamp { get; private set; } = NewStamp();

    public static User FromWeChat(string openId, string? unionId, DateTime now) => new()
    {
        OpenId = openId,
        UnionId = unionId,
        DisplayName = "微信用户",
        CreatedAt = now,
    };

    public static User ForAdminAccount(string displayName, DateTime now) => new()
    {
        DisplayName = displayName,
        CreatedAt = now,
    };

    public void Rename(string displayName) => DisplayName = displayName;

    /// <summary>
    /// Cancellation (注销): the name becomes <see cref="Privacy.Cancellation.Name"/>, the WeChat identifiers are forgotten (the
    /// same WeChat user logging in again is a new, unregistered user) and every token stops working.
    /// </summary>
    public void Cancel(DateTime now)
    {
        if (CancelledAt is not null)
        {
            throw Common.DomainException.InvalidState("该账号已注销");
        }

        DisplayName = Privacy.Cancellation.Name;
        OpenId = null;
        UnionId = null;
        CancelledAt = now;
        RevokeTokens();
    }

    /// <summary>Every token issued so far stops working.</summary>
    public void RevokeTokens() => SecurityStamp = NewStamp();

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    public void RecordLogin(string? unionId, DateTime now)
    {
        LastLoginAt = now;
        UnionId ??= unionId;
    }
}
