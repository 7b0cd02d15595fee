using System.Security.Cryptography;

namespace Zhuji.Domain.Places;

/// <summary>
/// The scene carried by a community's scan-to-register code: short (WeChat allows 32 visible characters,
/// no <c>%</c>, so no Chinese), stable for the community's life, random so that codes cannot be walked
/// in sequence. Prefixed <c>c</c> so that other kinds of scene can be told apart later.
/// </summary>
public static class SceneCode
{
    public const int RandomLength = 10;
    private const string Alphabet = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

    public static string NewForCommunity() => "c" + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    public static bool LooksValid(string scene) =>
        scene.Length is > 0 and <= 32 && scene.All(c => char.IsAsciiLetterOrDigit(c) || "!#$&'()*+,/:;=?@-._~".Contains(c));
}
