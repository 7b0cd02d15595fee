using System.Text.RegularExpressions;

namespace Zhuji.Domain.Registrations;

/// <summary>Mainland mobile numbers (11 digits, 1[3-9]…), and how they are shown outside the owner's scope.</summary>
public static partial class PhoneNumber
{
    /// <summary>Accepts spaces, dashes and a +86/86 prefix as people type them; null when not a mainland mobile.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var digits = new string(input.Where(char.IsAsciiDigit).ToArray());
        if (input.TrimStart().StartsWith('+') || (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)))
        {
            digits = digits.StartsWith("86", StringComparison.Ordinal) ? digits[2..] : digits;
        }

        var onlyAllowed = input.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+');
        return onlyAllowed && Mobile().IsMatch(digits) ? digits : null;
    }

    /// <summary>138****1234.</summary>
    public static string Mask(string phone) =>
        phone.Length == 11 ? string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(7)) : "****";

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();
}
