using AutoMapper;
using FluentValidation;
using Zhuji.Api.Http;
using Zhuji.Domain.Registrations;

namespace Zhuji.Api.Features.Registrations;

/// <summary>The three clears (address, work unit, phone), member type and skills.</summary>
public sealed record RegistrationRequest(
    string? Name,
    string? Phone,
    MemberType? MemberType,
    string? WorkUnitId,
    string? CommunityId,
    string? BlockId,
    string? Building,
    string? Unit,
    string? Room,
    IReadOnlyList<string>? Skills);

public sealed record RejectRequest(string? Reason);

/// <summary><c>{registrationIds, reason?}</c>: 1–100 registrations; the reason is required to send them back.</summary>
public sealed record RegistrationsBatchRequest(IReadOnlyList<string>? RegistrationIds, string? Reason);

public sealed record RegistrationHistoryDto(RegistrationEventKind Kind, DateTime At, string? From, string? To, string? Reason);

public sealed record RegistrationDto(
    string Id,
    RegistrationStatus Status,
    RosterMatch RosterMatch,
    string Name,
    string Phone,
    MemberType MemberType,
    string? WorkUnitId,
    string? WorkUnitName,
    string CommunityId,
    string CommunityName,
    string BlockId,
    string BlockName,
    string Building,
    string? Unit,
    string Room,
    IReadOnlyList<string> Skills,
    string? RejectReason,
    DateTime SubmittedAt,
    DateTime? DecidedAt,
    string? MemberId,
    IReadOnlyList<RegistrationHistoryDto>? History);

public sealed record WorkUnitChangeDto(string Id, string? MemberId, string RegistrationId, string Name, WorkUnitChangeKind Kind, string? From, string? To, DateTime At);

/// <summary>The change feed is one entity to one answer, read straight from the database (<c>ProjectTo</c>).</summary>
internal sealed class RegistrationProfile : Profile
{
    public RegistrationProfile() =>
        CreateMap<WorkUnitChange, WorkUnitChangeDto>()
            .ForCtorParam(nameof(WorkUnitChangeDto.MemberId), o => o.MapFrom(c => c.MemberId == null ? null : c.MemberId.ToString()));
}

public sealed record SceneDto(SceneCommunityDto Community, IReadOnlyList<SceneBlockDto> Blocks);

public sealed record SceneCommunityDto(string Id, string Name, string StreetId, string StreetName);

public sealed record SceneBlockDto(string Id, string Name);

internal sealed class RegistrationRequestValidator : AbstractValidator<RegistrationRequest>
{
    public const int MaxSkills = 10;

    public RegistrationRequestValidator()
    {
        RuleFor(r => r.Name).RequiredText("姓名", 20);
        RuleFor(r => r.Phone).Must(p => PhoneNumber.Normalize(p) is not null).WithMessage("请填写正确的大陆手机号码");
        RuleFor(r => r.MemberType).RequiredEnum("党员类型");
        RuleFor(r => r.WorkUnitId).RequiredId("工作单位").When(r => r.MemberType == MemberType.InService)
            .WithMessage("在职党员须选择工作单位");
        RuleFor(r => r.WorkUnitId).Null().When(r => r.MemberType == MemberType.Resident)
            .WithMessage("居民党员无需填写工作单位");
        RuleFor(r => r.CommunityId).RequiredId("社区");
        RuleFor(r => r.BlockId).RequiredId("小区");
        RuleFor(r => r.Building).RequiredText("楼幢", 20);
        RuleFor(r => r.Unit).OptionalText("单元", 20);
        RuleFor(r => r.Room).RequiredText("房号", 20);
        RuleFor(r => r.Skills).Must(s => s is null || s.Count <= MaxSkills).WithMessage($"特长最多填写 {MaxSkills} 项");
        RuleForEach(r => r.Skills).Must(s => !string.IsNullOrWhiteSpace(s) && s.Trim().Length <= 20)
            .WithMessage("每项特长须为 1–20 个字符");
    }
}

internal sealed class RegistrationsBatchRequestValidator : AbstractValidator<RegistrationsBatchRequest>
{
    public RegistrationsBatchRequestValidator()
    {
        RuleFor(r => r.RegistrationIds).BatchIds("报到");
        RuleFor(r => r.Reason).OptionalText("退回原因", 200);
    }
}

internal sealed class RejectRequestValidator : AbstractValidator<RejectRequest>
{
    public RejectRequestValidator() => RuleFor(r => r.Reason).RequiredText("退回原因", 200);
}
