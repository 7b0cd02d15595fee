using FluentValidation;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Http;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Suggestions;
using Zhuji.Domain.Tasks;

namespace Zhuji.Api.Features.Members;

/// <summary>Service entered by the community; <c>reason</c> only when the city corrects a closed year.</summary>
public sealed record EnterServiceRequest(ServiceCategory? Category, string? Title, DateTime? ServedAt, decimal? Hours, string? Content, int? Flags, string? Reason = null);

public sealed record EnterServiceResponse(string Id, string FlagEntryId);

public sealed record ArchiveProfileDto(
    string Id,
    string Name,
    string Phone,
    MemberType MemberType,
    string CommunityId,
    string CommunityName,
    string BlockId,
    string BlockName,
    string? WorkUnitId,
    string? WorkUnitName,
    IReadOnlyList<string> Skills,
    DateTime FirstApprovedAt);

public enum ArchiveServiceKind
{
    Task,
    Recognised,
}

/// <summary>A service in the archive: a claimed task (with its record) or service the community entered.</summary>
public sealed record ArchiveServiceDto(
    ArchiveServiceKind Kind,
    string Id,
    string? TaskId,
    string Title,
    ServiceCategory Category,
    DateTime? ServedAt,
    decimal? Hours,
    string? Content,
    string? Place,
    ClaimStatus Status);

public sealed record ArchiveGroupDto(string Id, string Name, bool IsLeader);

public sealed record ArchiveStewardshipDto(string Id, string BlockId, string Target, StewardshipKind Kind, StewardshipStatus Status, int Year);

public sealed record ArchiveSuggestionDto(string Id, string Title, SuggestionStatus Status, bool Adopted, DateTime SubmittedAt);

/// <summary>社区贡献档案: who he is, where he has lived, what he did, the flags it earned.</summary>
public sealed record ArchiveDto(
    ArchiveProfileDto Member,
    int Year,
    int Total,
    int Threshold,
    bool Evaluated,
    bool Compliant,
    IReadOnlyList<int> FlagsByMonth,
    IReadOnlyList<int> FlagsByQuarter,
    IReadOnlyList<RegistrationHistoryDto> RegistrationHistory,
    IReadOnlyList<ArchiveServiceDto> Services,
    IReadOnlyList<FlagEntryDto> FlagEntries,
    IReadOnlyList<ArchiveGroupDto> HelpGroups,
    IReadOnlyList<ArchiveStewardshipDto> Stewardships,
    IReadOnlyList<ArchiveSuggestionDto> Suggestions,
    StarDto? Star = null);

/// <summary>星级志愿者: hours of service over all years, the star (0–5 by default) and its name, the hours the next star needs.</summary>
public sealed record StarDto(decimal LifetimeHours, int Star, string Name, decimal? NextStarHours)
{
    public static StarDto Of(StarLevel s) => new(s.LifetimeHours, s.Star, s.Name, s.NextStarHours);
}

internal sealed class EnterServiceRequestValidator : AbstractValidator<EnterServiceRequest>
{
    public EnterServiceRequestValidator()
    {
        RuleFor(r => r.Category).RequiredEnum("服务类别");
        RuleFor(r => r.Title).RequiredText("服务名称", VolunteerTask.MaxTitle);
        RuleFor(r => r.ServedAt).NotNull().WithMessage("服务时间不能为空");
        RuleFor(r => r.Hours).NotNull().WithMessage("服务时长不能为空")
            .GreaterThan(0).LessThanOrEqualTo(24).WithMessage("服务时长须大于 0 且不超过 24 小时");
        RuleFor(r => r.Content).RequiredText("服务内容", Claim.MaxContent);
        RuleFor(r => r.Flags).NotNull().WithMessage("旗数不能为空")
            .InclusiveBetween(VolunteerTask.MinFlags, VolunteerTask.MaxFlags).WithMessage(FlagEntry.FlagsRange);
        RuleFor(r => r.Reason).OptionalText("更正理由", 200);
    }
}
