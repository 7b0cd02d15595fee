using System.ComponentModel;
using Microsoft.Extensions.Configuration;
using Zhuji.Domain.Points;
using Zhuji.Domain.Tasks;

namespace Zhuji.Infrastructure.Data;

/// <summary><c>Zhuji:Points:PerFlag</c> (default 10) and <c>Zhuji:Points:Multipliers:&lt;Category&gt;</c> (default 1), read at start.</summary>
public static class PointsOptions
{
    public const string Section = "Zhuji:Points";

    /// <summary>Points a confirmed flag earns (each earned line keeps its rate: a change never rewrites the past).</summary>
    [DefaultValue(PointsPolicy.DefaultPerFlag)]
    public const string PerFlagKey = Section + ":PerFlag";

    /// <summary>A service category's multiplier of the points a flag earns (<c>Zhuji:Points:Multipliers:CommunityActivity=1.5</c>).</summary>
    [DefaultValue(1)]
    public const string MultipliersKey = Section + ":Multipliers:<…>";

    public static PointsPolicy Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var perFlag = section.GetValue(nameof(PointsPolicy.PerFlag), PointsPolicy.DefaultPerFlag);
        if (perFlag is < 0 or > 10_000)
        {
            throw new InvalidOperationException($"{Section}:PerFlag must be between 0 and 10000 (was {perFlag}).");
        }

        var multipliers = new Dictionary<ServiceCategory, decimal>();
        foreach (var child in section.GetSection(nameof(PointsPolicy.Multipliers)).GetChildren())
        {
            if (!Enum.TryParse<ServiceCategory>(child.Key, out var category) || !decimal.TryParse(child.Value, System.Globalization.CultureInfo.InvariantCulture, out var factor) || factor is < 0 or > 100)
            {
                throw new InvalidOperationException($"{Section}:Multipliers:{child.Key} must name a service category and be a number between 0 and 100.");
            }

            multipliers[category] = factor;
        }

        return new PointsPolicy(perFlag, multipliers);
    }
}
