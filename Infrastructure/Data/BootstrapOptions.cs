namespace Zhuji.Infrastructure.Data;

/// <summary><c>Zhuji:Bootstrap</c>: the first city admins, so that somebody can grant everything else.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Zhuji:Bootstrap";

    /// <summary>WeChat openids made CityAdmin at start-up (their users are created if they never logged in).</summary>
    public string[] CityAdminOpenIds { get; set; } = [];
}
