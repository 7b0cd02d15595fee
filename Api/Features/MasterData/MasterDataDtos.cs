using AutoMapper;
using FluentValidation;
using Zhuji.Api.Http;
using Zhuji.Domain.Places;
using Zhuji.Domain.WorkUnits;

namespace Zhuji.Api.Features.MasterData;

public sealed record StreetDto(string Id, string Name);

/// <summary>
/// A community. <c>registerScene</c> is the scene its registration code carries (scan-to-register opens the
/// register page with it): shown to the community's admins (and the street's, the city's), null to everyone else.
/// </summary>
public sealed record CommunityDto(string Id, string Name, string StreetId, string? RegisterScene);

public sealed record BlockDto(string Id, string Name, string CommunityId);

public sealed record WorkUnitDto(string Id, string Name, WorkUnitKind Kind);

public sealed record CreateStreetRequest(string? Name);

public sealed record CreateCommunityRequest(string? Name, string? StreetId);

public sealed record CreateBlockRequest(string? Name);

public sealed record CreateWorkUnitRequest(string? Name, WorkUnitKind? Kind);

internal sealed class MasterDataProfile : Profile
{
    public MasterDataProfile()
    {
        CreateMap<Street, StreetDto>();
        CreateMap<Community, CommunityDto>().ForCtorParam(nameof(CommunityDto.RegisterScene), o => o.MapFrom(c => c.SceneCode));
        CreateMap<Block, BlockDto>();
        CreateMap<WorkUnit, WorkUnitDto>();
    }
}

internal sealed class CreateStreetRequestValidator : AbstractValidator<CreateStreetRequest>
{
    public CreateStreetRequestValidator() => RuleFor(r => r.Name).RequiredText("街道名称", 50);
}

internal sealed class CreateCommunityRequestValidator : AbstractValidator<CreateCommunityRequest>
{
    public CreateCommunityRequestValidator()
    {
        RuleFor(r => r.Name).RequiredText("社区名称", 50);
        RuleFor(r => r.StreetId).RequiredId("所属街道");
    }
}

internal sealed class CreateBlockRequestValidator : AbstractValidator<CreateBlockRequest>
{
    public CreateBlockRequestValidator() => RuleFor(r => r.Name).RequiredText("小区名称", 50);
}

internal sealed class CreateWorkUnitRequestValidator : AbstractValidator<CreateWorkUnitRequest>
{
    public CreateWorkUnitRequestValidator()
    {
        RuleFor(r => r.Name).RequiredText("单位名称", 100);
        RuleFor(r => r.Kind).RequiredEnum("单位类别");
    }
}
