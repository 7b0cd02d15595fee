using System.Security.Cryptography;

namespace Zhuji.Domain.Identity;

/// <summary>
/// Time-based one-time passwords (RFC 6238, as Google Authenticator, Microsoft Authenticator and 腾讯身份验证器 make
/// them): HMAC-SHA1 over 30-second steps, 6 digits. A code is accepted in its step and one step either side (a phone's
/// clock a little off), and never twice (a code seen over a shoulder cannot be used again).
/// </summary>
public static class Totp
{
    public const int Digits = 6;
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>A new secret: 20 random bytes, in base32 as authenticator apps take it.</summary>
    public static string NewSecret() => ToBase32(RandomNumberGenerator.GetBytes(20));

    public static long StepOf(DateTime now) => (long)((now - DateTime.UnixEpoch).Ticks / Step.Ticks);

    public static string Code(string secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(FromBase32(secret), counter);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The step the code belongs to, when it is right for now (±1 step) and later than <paramref name="lastUsedStep"/>; null otherwise.</summary>
    public static long? Verify(string secret, string? code, DateTime now, long? lastUsedStep)
    {
        if (code is null || code.Length != Digits || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var current = StepOf(now);
        for (var step = current - 1; step <= current + 1; step++)
        {
            if ((lastUsedStep is null || step > lastUsedStep)
                && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(code)))
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>What the authenticator app scans: <c>otpauth://totp/先锋微家:username?secret=…&amp;issuer=先锋微家</c>.</summary>
    public static string Uri(string issuer, string account, string secret) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(account)}?secret={secret}&issuer={System.Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={(int)Step.TotalSeconds}";

    private static string ToBase32(byte[] data)
    {
        var text = new System.Text.StringBuilder();
        for (var bit = 0; bit < data.Length * 8; bit += 5)
        {
            var value = 0;
            for (var i = 0; i < 5; i++)
            {
                var at = bit + i;
                value = (value << 1) | (at < data.Length * 8 ? (data[at / 8] >> (7 - (at % 8))) & 1 : 0);
            }

            text.Append(Base32Alphabet[value]);
        }

        return text.ToString();
    }

    private static byte[] FromBase32(string text)
    {
        var clean = text.TrimEnd('=').ToUpperInvariant();
        var bytes = new byte[clean.Length * 5 / 8];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | Base32Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes[index++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        return bytes;
    }
}
