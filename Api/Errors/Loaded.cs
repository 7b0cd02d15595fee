using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Zhuji.Api.Errors;

/// <summary>
/// What an endpoint loaded (or checked) to act on, or the problem that refuses the call (not found, not in
/// the caller's scope, bad paging). Shared loaders return either: <c>return entity;</c> or
/// <c>return Problems.NotFound(…);</c>, and the handler writes <c>if (!loaded.Found) return loaded.Refusal;</c>.
/// </summary>
public readonly struct Loaded<T>
{
    private readonly T value;

    private Loaded(T value, ProblemHttpResult? refusal) => (this.value, Refusal) = (value, refusal);

    /// <summary>The value; only read it once <see cref="Found"/> said so.</summary>
    public T Value => Found ? value : throw new InvalidOperationException("The call was refused; there is no value.");

    public ProblemHttpResult? Refusal { get; }

    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Found => Refusal is null;

    public static implicit operator Loaded<T>(T value) => new(value, null);

    public static implicit operator Loaded<T>(ProblemHttpResult refusal) => new(default!, refusal);
}
