using Zhuji.Domain.Common;

namespace Zhuji.Domain.Certificates;

/// <summary>The kinds of identity document a certificate may name (民政部令第67号: 证件类型和号码).</summary>
public enum IdType
{
    /// <summary>居民身份证.</summary>
    ResidentIdCard,

    /// <summary>港澳居民来往内地通行证.</summary>
    HongKongMacaoPermit,

    /// <summary>台湾居民来往大陆通行证.</summary>
    TaiwanPermit,

    /// <summary>护照.</summary>
    Passport,
}

/// <summary>
/// The identity document printed on a certificate, kept only masked: the member types the number when he asks for a
/// certificate, it is checked, and only the masked form (<c>330***********123X</c>) is stored and printed — the whole
/// number is never kept (PIPL: no more than the purpose needs; the masked number identifies him to a verifier holding his card).
/// </summary>
public sealed record IdDocument(IdType Type, string MaskedNumber)
{
    public const string Invalid = "证件号码格式不正确";
    public const string BothOrNeither = "证件类型与证件号码须同时填写";

    /// <summary>The document as it may be printed, from what the member typed; refused when the number cannot be his document's.</summary>
    public static IdDocument Of(IdType type, string number)
    {
        var value = number.Trim().ToUpperInvariant();
        if (!IsWellFormed(type, value))
        {
            throw DomainException.Invalid("idNumber", Invalid);
        }

        // Enough to compare with the card in hand, not enough to be a number: the first 3 and the last 4 (1 and 3 for the shorter).
        var (head, tail) = value.Length >= 15 ? (3, 4) : (1, 3);
        return new IdDocument(type, value[..head] + new string('*', value.Length - head - tail) + value[^tail..]);
    }

    public string TypeName => Labels.Of(Type);

    /// <summary>
    /// 居民身份证: 18 characters, the last the GB 11643 check character; the permits and passports: letters and digits of
    /// their usual lengths.
    /// </summary>
    public static bool IsWellFormed(IdType type, string value) => type switch
    {
        IdType.ResidentIdCard => value.Length == 18 && value[..17].All(char.IsAsciiDigit) && CheckCharacter(value[..17]) == value[17],
        IdType.HongKongMacaoPermit => value.Length is 9 or 11 && value[0] is 'H' or 'M' && value[1..].All(char.IsAsciiDigit),
        IdType.TaiwanPermit => value.Length is 8 or 10 && value.All(char.IsAsciiLetterOrDigit),
        IdType.Passport => value.Length is >= 5 and <= 17 && value.All(char.IsAsciiLetterOrDigit),
        _ => false,
    };

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private static char CheckCharacter(string first17)
    {
        var sum = first17.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return "10X98765432"[sum % 11];
    }
}
