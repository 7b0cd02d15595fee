using FluentValidation;
using Zhuji.Api.Http;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Tasks;

namespace Zhuji.Api.Features.Flags;

public sealed record FlagEntryDto(
    string Id,
    FlagEntryKind Kind,
    FlagSource Source,
    string? TaskId,
    string Title,
    ServiceCategory Category,
    int Flags,
    DateTime ServedAt,
    DateTime ConfirmedAt,
    string? RevokesEntryId,
    string? Reason);

public sealed record MyFlagsResponse(int Year, int Total, int Threshold, bool Compliant, bool Evaluated, IReadOnlyList<FlagEntryDto> Entries);

public sealed record RevokeFlagRequest(string? Reason);

internal sealed class RevokeFlagRequestValidator : AbstractValidator<RevokeFlagRequest>
{
    public RevokeFlagRequestValidator() => RuleFor(r => r.Reason).RequiredText("撤销原因", 200);
}

public static class FlagMapping
{
    public static FlagEntryDto ToDto(FlagEntry e) => new(
        Ids.Format(e.Id), e.Kind, e.Source, Ids.Format(e.TaskId), e.Title, e.Category, e.Flags, e.ServedAt, e.RecordedAt,
        Ids.Format(e.RevokesEntryId), e.Reason);
}
