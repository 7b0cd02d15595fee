using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Zhuji.Infrastructure.Data.Protection;

/// <summary>
/// Encrypts phones and addresses at rest with AES-256-GCM under a key from configuration (<c>Zhuji:DataProtection:Key</c>).
/// <para>
/// Phones are encrypted <b>deterministically</b> (<c>e1:</c>): the nonce is an HMAC-SHA256 of the number under a second
/// key derived from the same secret — the keyed hash the contract asks for — so the same number always gives the same
/// stored text, and exact search, the unique index on a unit's roster and the SQL join of roster lines to registrations
/// keep working on what is stored. It tells equal numbers apart from different ones, as any keyed hash does, and nothing
/// else. Addresses are encrypted with a random nonce (<c>r1:</c>): nothing searches them.
/// </para>
/// A stored value without a prefix is plaintext from before encryption; it is read as it is, and
/// <see cref="PersonalDataMigration"/> encrypts it in place at start.
/// </summary>
public sealed class PersonalDataProtector
{
    public const string ExactPrefix = "e1:";
    public const string RandomPrefix = "r1:";
    private const int NonceSize = 12, TagSize = 16;

    private readonly byte[] encryptionKey;
    private readonly byte[] searchKey;

    public PersonalDataProtector(byte[] secret)
    {
        if (secret.Length < 32)
        {
            throw new ArgumentException("The data protection key must be at least 32 bytes.", nameof(secret));
        }

        encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "zhuji:personal-data:aes-gcm:v1"u8.ToArray());
        searchKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "zhuji:personal-data:search:v1"u8.ToArray());
        KeyId = Convert.ToHexString(SHA256.HashData(searchKey))[..16];
    }

    /// <summary>Names the key without revealing it (the model cache and the logs tell keys apart by it).</summary>
    public string KeyId { get; }

    /// <summary>The same number, the same stored text: exact search and joins work on it.</summary>
    public string ProtectExact(string value) => value.Length == 0
        ? value
        : Seal(ExactPrefix, HMACSHA256.HashData(searchKey, Encoding.UTF8.GetBytes(value)).AsSpan(0, NonceSize), value);

    /// <summary>A fresh nonce each time: the stored text tells nothing, not even equality.</summary>
    public string ProtectRandom(string value) => value.Length == 0
        ? value
        : Seal(RandomPrefix, RandomNumberGenerator.GetBytes(NonceSize), value);

    public string Unprotect(string stored)
    {
        if (!IsProtected(stored))
        {
            return stored;
        }

        // Plaintext from before encryption that happens to start like a sealed value is read as it is.
        var data = new byte[Base64Url.GetMaxDecodedLength(stored.Length - ExactPrefix.Length)];
        if (Base64Url.DecodeFromChars(stored.AsSpan(ExactPrefix.Length), data, out _, out var length) != System.Buffers.OperationStatus.Done || length < NonceSize + TagSize)
        {
            return stored;
        }

        var plain = new byte[length - NonceSize - TagSize];
        using var aes = new AesGcm(encryptionKey, TagSize);
        try
        {
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plain.Length), data.AsSpan(NonceSize + plain.Length, TagSize), plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CryptographicException("A protected value does not open under Zhuji:DataProtection:Key: the key is not the one it was written with.");
        }

        return Encoding.UTF8.GetString(plain);
    }

    public static bool IsProtected(string stored) =>
        stored.StartsWith(ExactPrefix, StringComparison.Ordinal) || stored.StartsWith(RandomPrefix, StringComparison.Ordinal);

    private string Seal(string prefix, ReadOnlySpan<byte> nonce, string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var data = new byte[NonceSize + plain.Length + TagSize];
        nonce.CopyTo(data);
        using var aes = new AesGcm(encryptionKey, TagSize);
        aes.Encrypt(nonce, plain, data.AsSpan(NonceSize, plain.Length), data.AsSpan(NonceSize + plain.Length));
        return prefix + Base64Url.EncodeToString(data);
    }
}
