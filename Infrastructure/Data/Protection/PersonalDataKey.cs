using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Zhuji.Infrastructure.Data.Protection;

/// <summary>Where the key that seals phones and addresses comes from.</summary>
public static class PersonalDataKey
{
    /// <summary>
    /// The key phones and addresses are encrypted under: 32 random bytes in base64 (<c>openssl rand -base64 32</c>), or a
    /// passphrase of at least 32 characters. Every instance needs the same key, and a backup is readable only with it: keep
    /// it apart from the backups. Required outside Development; in Development one is generated once in the data folder.
    /// </summary>
    [DefaultValue("(required outside Development)")]
    public const string SecretKey = "Zhuji:DataProtection:Key";

    public const string DevelopmentKeyFile = "dev-data-protection.key";

    public static PersonalDataProtector Create(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration[SecretKey] is { Length: > 0 } configured)
        {
            return new PersonalDataProtector(Read(configured.Trim()));
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{SecretKey} is required outside Development: phones and addresses are encrypted under it (openssl rand -base64 32). Keep it apart from the backups.");
        }

        var file = Path.Combine(InfrastructureServiceCollectionExtensions.DataFolder(configuration, environment), DevelopmentKeyFile);
        if (!File.Exists(file))
        {
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        return new PersonalDataProtector(Read(File.ReadAllText(file).Trim()));
    }

    /// <summary>Base64 of at least 32 bytes, or else a passphrase of at least 32 characters (stretched by SHA-256).</summary>
    private static byte[] Read(string configured)
    {
        var buffer = new byte[configured.Length];
        if (Convert.TryFromBase64String(configured, buffer, out var length) && length >= 32)
        {
            return buffer[..length];
        }

        return configured.Length >= 32
            ? SHA256.HashData(Encoding.UTF8.GetBytes(configured))
            : throw new InvalidOperationException($"{SecretKey} must be 32 bytes in base64 or a passphrase of at least 32 characters.");
    }
}
