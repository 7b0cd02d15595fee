using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Zhuji.Domain.Common;

namespace Zhuji.Api.Http;

/// <summary>
/// Instants are UTC <see cref="DateTime"/> inside; on the wire they are ISO 8601 with the Shanghai offset
/// (<c>2026-03-01T09:00:00+08:00</c>). Input with an offset is taken exactly; input without one is read as
/// Shanghai wall-clock time, which is what a person in Zhuji typing a time means.
/// </summary>
public sealed class ShanghaiDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new JsonException("A time is required.");
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            throw new JsonException("Not an ISO 8601 time.");
        }

        return HasOffset(text)
            ? parsed.UtcDateTime
            : ShanghaiTime.FromShanghaiLocal(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None));
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ShanghaiTime.ToShanghai(value).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));

    private static bool HasOffset(string text)
    {
        var timePart = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (timePart < 0)
        {
            return false;
        }

        var time = text.AsSpan(timePart);
        return time.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || time.Contains('+') || time.Contains('-');
    }
}
