using Microsoft.Extensions.Options;
using Zhuji.Domain.Members;

namespace Zhuji.Infrastructure.Data;

/// <summary><c>Zhuji:Volunteers</c>: the star levels' hours (<see cref="StarLevel"/>).</summary>
public sealed class VolunteerOptions
{
    public const string Section = "Zhuji:Volunteers";

    /// <summary>Hours over all years for one, two… stars, comma-separated and increasing.</summary>
    public string StarHours { get; set; } = StarLevel.DefaultThresholds;

    public IReadOnlyList<decimal> Thresholds => StarLevel.ParseThresholds(StarHours);
}

internal sealed class VolunteerOptionsValidator : IValidateOptions<VolunteerOptions>
{
    public ValidateOptionsResult Validate(string? name, VolunteerOptions options)
    {
        try
        {
            _ = options.Thresholds;
            return ValidateOptionsResult.Success;
        }
        catch (FormatException e)
        {
            return ValidateOptionsResult.Fail($"Zhuji:Volunteers:StarHours is invalid ({options.StarHours}): {e.Message}");
        }
    }
}
