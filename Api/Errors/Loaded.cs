using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Zhuji.Api.Errors;

/// <summary>
/// What an endpoint loaded to act on, or the problem that refuses the call (not found, not in the caller's
/// scope, not in a state to act on). Shared loaders return either: <c>return entity;</c> or
/// <c>return Problems.NotFound(…);</c>.
/// </summary>
public readonly struct Loaded<T>
    where T : class
{
    private Loaded(T? value, ProblemHttpResult? refusal) => (Value, Refusal) = (value, refusal);

    public T? Value { get; }

    public ProblemHttpResult? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Found => Refusal is null;

    public static implicit operator Loaded<T>(T value) => new(value, null);

    public static implicit operator Loaded<T>(ProblemHttpResult refusal) => new(null, refusal);
}
