using Microsoft.Extensions.Options;
using Zhuji.Domain.Flags;

namespace Zhuji.Infrastructure.Compliance;

/// <summary><c>Zhuji:Compliance</c>: the city's five-flag settings.</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Zhuji:Compliance";

    /// <summary>Flags a year an in-service member needs (the five-flag rule).</summary>
    public int AnnualFlagThreshold { get; set; } = 5;

    /// <summary>Month-day (<c>MM-dd</c>) after which a newly approved member is not evaluated that year.</summary>
    public string EvaluationCutoff { get; set; } = "10-01";

    public CompliancePolicy Policy => CompliancePolicy.From(AnnualFlagThreshold, EvaluationCutoff);
}

internal sealed class ComplianceOptionsValidator : IValidateOptions<ComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        try
        {
            _ = options.Policy;
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            return ValidateOptionsResult.Fail($"Zhuji:Compliance is invalid: {e.Message}");
        }
    }
}
