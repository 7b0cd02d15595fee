using Zhuji.Domain.Registrations;

namespace Zhuji.Api.Http;

/// <summary>
/// A list's <c>?q=</c>: a name or title to look for, or a whole phone number (found exactly, through its keyed
/// encryption); at most <see cref="MaxLength"/> characters.
/// </summary>
public readonly record struct SearchTerm(string? Text, string? Phone)
{
    public const int MaxLength = 20;
    public const string TooLong = "搜索词最多 20 个字";

    /// <summary>Nothing to look for: the whole list.</summary>
    public bool IsEmpty => Text is null;

    /// <summary>False (the caller answers 400 on <c>q</c> with <see cref="TooLong"/>) when the term is too long.</summary>
    public static bool TryRead(string? q, out SearchTerm term)
    {
        term = default;
        if (string.IsNullOrWhiteSpace(q))
        {
            return true;
        }

        var text = q.Trim();
        if (text.Length > MaxLength)
        {
            return false;
        }

        term = new SearchTerm(text, PhoneNumber.Normalize(text));
        return true;
    }
}
