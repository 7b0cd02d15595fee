using System.Globalization;

namespace Zhuji.Api.Http;

/// <summary>Ids are opaque strings on the wire and 64-bit keys inside.</summary>
public static class Ids
{
    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string? Format(long? id) => id?.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    public static long? ParseOrNull(string? text) => TryParse(text, out var id) ? id : null;
}
