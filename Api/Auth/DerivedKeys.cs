using System.Security.Cryptography;
using System.Text;

namespace Zhuji.Api.Auth;

/// <summary>
/// Secrets derived from the token signing key (which every instance shares), each under its own label, so what
/// they sign reveals nothing of the key and no key serves two purposes: the check-in codes, and the photo links
/// WeChat's image check downloads from.
/// </summary>
public sealed class DerivedKeys(SigningKeyProvider keys)
{
    public byte[] CheckIn { get; } = HMACSHA256.HashData(keys.Key.Key, Encoding.ASCII.GetBytes("zhuji:checkin-codes:v1"));

    public byte[] PhotoLinks { get; } = HMACSHA256.HashData(keys.Key.Key, Encoding.ASCII.GetBytes("zhuji:photo-links:v1"));
}
