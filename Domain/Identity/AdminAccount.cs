namespace Zhuji.Domain.Identity;

/// <summary>
/// A back-office login (username and password) for an admin user. Guesses are limited by
/// <see cref="LoginThrottle"/>; an account may be disabled by whoever may manage it, which ends its
/// tokens at once. The hashing lives in the API.
/// </summary>
public sealed class AdminAccount
{
    public const int MinPasswordLength = 10;

    public const string WeakPassword = "密码须包含字母、数字、符号中的至少两类，且不能是用户名";

    /// <summary>
    /// 等保 身份鉴别 a: a password of some complexity. Beside the length (checked with it), at least two kinds of character
    /// among letters, digits and symbols, and not the username itself.
    /// </summary>
    public static bool IsStrongEnough(string? password, string? username = null)
    {
        if (string.IsNullOrEmpty(password))
        {
            return false;
        }

        var kinds = (password.Any(char.IsLetter) ? 1 : 0) + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        return kinds >= 2 && !string.Equals(password, username, StringComparison.OrdinalIgnoreCase);
    }

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

    /// <summary>The authenticator's secret once confirmed: every password login then needs a code (<see cref="Totp"/>).</summary>
    public string? TotpSecret { get; private set; }

    /// <summary>A secret shown for enrolment, not yet confirmed with a code from the app.</summary>
    public string? PendingTotpSecret { get; private set; }

    public DateTime? TotpEnabledAt { get; private set; }

    /// <summary>The step of the last code accepted: a code is never accepted twice.</summary>
    public long? LastTotpStep { get; private set; }

    public bool HasTotp => TotpSecret is not null;

    public const string TotpWrong = "动态口令错误或已过期，请输入验证器 App 中当前的 6 位数字";

    /// <summary>Enrolment begins (again, when the admin lost his phone): a new secret waits for a code from the app.</summary>
    public string BeginTotp()
    {
        PendingTotpSecret = Totp.NewSecret();
        return PendingTotpSecret;
    }

    /// <summary>The code from the app proves it holds the secret: from now on a login needs a code.</summary>
    public void ConfirmTotp(string? code, DateTime now)
    {
        if (PendingTotpSecret is null)
        {
            throw Common.DomainException.InvalidState("请先获取动态口令密钥（绑定验证器）");
        }

        if (Totp.Verify(PendingTotpSecret, code, now, null) is not { } step)
        {
            throw Common.DomainException.Invalid("code", TotpWrong);
        }

        TotpSecret = PendingTotpSecret;
        PendingTotpSecret = null;
        TotpEnabledAt = now;
        LastTotpStep = step;
    }

    /// <summary>A login's code: right for now and not used before. The step is kept so it cannot be used again.</summary>
    public bool AcceptTotp(string? code, DateTime now)
    {
        if (TotpSecret is null || Totp.Verify(TotpSecret, code, now, LastTotpStep) is not { } step)
        {
            return false;
        }

        LastTotpStep = step;
        return true;
    }

    /// <summary>The admin above resets a lost authenticator: the next login enrols again. Nobody resets his own.</summary>
    public void ResetTotp(User user, long byUserId)
    {
        if (byUserId == UserId)
        {
            throw Common.DomainException.InvalidState("不能重置本人的动态口令，请在“账号安全”中重新绑定");
        }

        TotpSecret = null;
        PendingTotpSecret = null;
        TotpEnabledAt = null;
        LastTotpStep = null;
        user.RevokeTokens();
    }

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
