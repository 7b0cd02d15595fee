using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Places;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Api.Features.Registrations;

/// <summary>
/// Scan-to-register: each community's mini-program code carries its scene; the scanned scene resolves to
/// the community and its blocks, which the registration form offers.
/// </summary>
public static class SceneEndpoints
{
    public static RouteGroupBuilder MapScenes(this RouteGroupBuilder api)
    {
        api.MapGet("/communities/{id:long}/qrcode", QrCode)
            .WithTags("Registration").WithName("GetCommunityQrCode").ScopedBy(ScopeCheck.Place).WithSummary("社区报到小程序码（扫码报到）")
            .RequireAuthorization()
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
        api.MapGet("/register/scene/{scene}", ResolveScene)
            .WithTags("Registration").WithName("ResolveRegisterScene").ScopedBy(ScopeCheck.AnyUser).WithSummary("解析扫码场景值：社区及其小区")
            .RequireAuthorization()
            .ProducesProblem(404);
        return api;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QrCode(
        long id,
        int? width,
        ScopedLoader loader,
        ZhujiDbContext db,
        IWeChatClient wechat,
        IOptions<WeChatOptions> options,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (width is < 280 or > 1280)
        {
            return Problems.Validation("width", "宽度须在 280 到 1280 之间");
        }

        if (await loader.CommunityAsync(id, "只能获取本社区的报到码", cancellationToken) is { } refused)
        {
            return refused;
        }

        var scene = await db.Communities.Where(c => c.Id == id).Select(c => c.SceneCode).SingleAsync(cancellationToken);
        var image = await wechat.GetWxaCodeUnlimitAsync(new WxaCodeRequest(scene, options.Value.RegisterPage, width ?? 430), cancellationToken);
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.File(image.Content, image.ContentType, $"community-{id}.png");
    }

    public static async Task<Results<Ok<SceneDto>, ProblemHttpResult>> ResolveScene(string scene, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var code = Uri.UnescapeDataString(scene);
        if (!SceneCode.LooksValid(code))
        {
            return Problems.NotFound("无效的报到码");
        }

        var community = await (from c in db.Communities.AsNoTracking()
                               join s in db.Streets on c.StreetId equals s.Id
                               where c.SceneCode == code
                               select new { c.Id, c.Name, c.StreetId, StreetName = s.Name }).SingleOrDefaultAsync(cancellationToken);
        if (community is null)
        {
            return Problems.NotFound("无效的报到码");
        }

        var blocks = await db.Blocks.AsNoTracking().Where(b => b.CommunityId == community.Id).OrderBy(b => b.Id)
            .Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken);
        return TypedResults.Ok(new SceneDto(
            new SceneCommunityDto(Ids.Format(community.Id), community.Name, Ids.Format(community.StreetId), community.StreetName),
            blocks.Select(b => new SceneBlockDto(Ids.Format(b.Id), b.Name)).ToList()));
    }
}
