using System.ComponentModel.DataAnnotations;

namespace Zhuji.Api.Features.CheckIn;

/// <summary>On-site check-in (<c>Zhuji:CheckIn</c>).</summary>
public sealed class CheckInOptions
{
    public const string Section = "Zhuji:CheckIn";

    /// <summary>The least minutes between check-in and check-out; an earlier check-out answers 409 <c>service_too_short</c>.</summary>
    [Range(0, 240)]
    public int MinimumMinutes { get; set; } = 10;

    public TimeSpan MinimumService => TimeSpan.FromMinutes(MinimumMinutes);
}
