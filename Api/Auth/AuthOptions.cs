using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Zhuji.Infrastructure;

namespace Zhuji.Api.Auth;

/// <summary><c>Zhuji:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Zhuji:Auth";
    public const string Issuer = "zhuji-vanguard";
    public const string Audience = "zhuji-api";

    /// <summary>HMAC key for our bearer tokens (at least 32 bytes). Required outside Development.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a token lives (a login a working day).</summary>
    public int TokenLifetimeHours { get; set; } = 8;

    /// <summary>
    /// How old, at most, the view of a user's roles, password and account that a request is checked against may
    /// be on an instance that did not make the change (the one that did forgets it at once). Within 60 seconds, a
    /// power taken away is gone everywhere.
    /// </summary>
    public int AccessFreshnessSeconds { get; set; } = 30;

    /// <summary>
    /// Every back-office (password) login needs a code from an authenticator app (TOTP) as well: without one it answers
    /// 401 <c>totp_required</c>; an admin who has none enrols with the secret that answer gives him, by sending its first code.
    /// </summary>
    public bool RequireTotpForAdmins { get; set; }
}

internal sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Zhuji:Auth:SigningKey is required outside Development.");
        }

        if (options.SigningKey.Length < 32)
        {
            return ValidateOptionsResult.Fail("Zhuji:Auth:SigningKey must be at least 32 characters.");
        }

        if (options.AccessFreshnessSeconds is < 1 or > 60)
        {
            return ValidateOptionsResult.Fail("Zhuji:Auth:AccessFreshnessSeconds must be between 1 and 60.");
        }

        return options.TokenLifetimeHours is >= 1 and <= 72
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Zhuji:Auth:TokenLifetimeHours must be between 1 and 72.");
    }
}

/// <summary>
/// The key that signs tokens: <c>Zhuji:Auth:SigningKey</c>, or in Development one generated once and kept in
/// the data folder, so that a restarted dev server still accepts yesterday's tokens.
/// </summary>
public sealed class SigningKeyProvider
{
    public const string DevelopmentKeyFile = "dev-signing.key";

    public SigningKeyProvider(IOptions<AuthOptions> options, IHostEnvironment environment, IConfiguration configuration)
    {
        var configured = options.Value.SigningKey;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Key = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(configured));
            return;
        }

        var file = Path.Combine(InfrastructureServiceCollectionExtensions.DataFolder(configuration, environment), DevelopmentKeyFile);
        if (!File.Exists(file))
        {
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        }

        Key = new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }

    public SymmetricSecurityKey Key { get; }
}
