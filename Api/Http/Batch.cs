using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Zhuji.Api.Errors;
using Zhuji.Domain.Common;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Http;

/// <summary>
/// One item of a batch decision: <c>status</c> is the item's new state when it was decided, <c>Failed</c> when it
/// was not, with the contract's <c>code</c> and the zh-CN <c>title</c> saying why.
/// </summary>
public sealed record BatchItemResult(string Id, string Status, string? Code, string? Title);

public sealed record BatchResponse(IReadOnlyList<BatchItemResult> Items, int Succeeded, int Failed);

/// <summary><c>{ids:[…]}</c> as the batch endpoints take them: 1–100 ids.</summary>
public static class Batch
{
    public const int MaxItems = 100;
    public const string Failed = "Failed";

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> BatchIds<T>(this IRuleBuilderInitial<T, IReadOnlyList<string>?> rule, string label) =>
        rule.NotEmpty().WithMessage($"请选择要处理的{label}")
            .Must(ids => ids is null || ids.Count <= MaxItems).WithMessage($"一次最多处理 {MaxItems} 条")
            .Must(ids => ids is null || ids.All(id => Ids.TryParse(id, out _))).WithMessage($"{label} ID 无效");

    /// <summary>
    /// Decides each id alone, in order, with the same handler as the single endpoint: one item's refusal (or rule
    /// broken) is that item's result and changes nothing of the others.
    /// </summary>
    public static async Task<BatchResponse> RunAsync<T>(
        ZhujiDbContext db, IEnumerable<string> ids, Func<long, Task<Results<Ok<T>, ProblemHttpResult>>> decide, Func<T, string> statusOf)
    {
        var items = new List<BatchItemResult>();
        foreach (var id in ids.Select(Ids.ParseOrNull).OfType<long>().Distinct())
        {
            try
            {
                items.Add((await decide(id)).Result switch
                {
                    Ok<T> { Value: { } value } => new BatchItemResult(Ids.Format(id), statusOf(value), null, null),
                    ProblemHttpResult problem => new BatchItemResult(Ids.Format(id), Failed,
                        problem.ProblemDetails.Extensions.TryGetValue(Problems.CodeKey, out var code) ? code?.ToString() : null, problem.ProblemDetails.Title),
                    _ => new BatchItemResult(Ids.Format(id), Failed, ErrorCodes.InternalError, null),
                });
            }
            catch (DomainException e)
            {
                items.Add(new BatchItemResult(Ids.Format(id), Failed, e.Code, e.Message));
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return new BatchResponse(items, items.Count(i => i.Status != Failed), items.Count(i => i.Status == Failed));
    }
}
