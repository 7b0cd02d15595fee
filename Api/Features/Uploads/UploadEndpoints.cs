using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Hosting;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Uploads;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Uploads;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Api.Features.Uploads;

public sealed record UploadDto(string Id, string Url, string ThumbnailUrl);

/// <summary>
/// Photos of a service (纪实照片): uploaded one by one from the phone, re-encoded without EXIF, served only to
/// those who may see the record that carries them (until then, to the uploader), and accepted into a record only
/// as our own URLs.
/// </summary>
public static partial class UploadEndpoints
{
    /// <summary>The file and the multipart envelope around it.</summary>
    public const long MaxRequestBytes = UploadRules.MaxBytes + 64 * 1024;

    /// <summary>A member uploads a few photos a task; this many a day is far beyond any honest use.</summary>
    public const int DailyUploadsPerUser = 200;

    public static RouteGroupBuilder MapUploads(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/uploads").WithTags("Uploads").RequireAuthorization();
        group.MapPost("/", Upload)
            .WithName("UploadPhoto").ScopedBy(ScopeCheck.Self).WithSummary("上传纪实照片（JPEG/PNG/WebP，不超过 5 MB；去除 EXIF 后保存）")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .Accepts<IFormFile>("multipart/form-data")
            .RateLimited(RateLimitedAs.Uploads)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(413).ProducesProblem(503);
        group.MapGet("/{token}", Image)
            .WithName("GetUpload").ScopedBy(ScopeCheck.Member).WithSummary("纪实照片（上传者；附入纪实后，可查看该纪实的人）")
            .Produces(200, contentType: "image/jpeg").ProducesProblem(404);
        group.MapGet("/{token}/thumbnail", Thumbnail)
            .WithName("GetUploadThumbnail").ScopedBy(ScopeCheck.Member).WithSummary("纪实照片缩略图")
            .Produces(200, contentType: "image/jpeg").ProducesProblem(404);
        group.MapGet("/{token}/public", ForMediaCheck)
            .WithName("GetUploadForMediaCheck").AllowAnonymous().WithSummary("供微信图片安全检测下载的签名链接（1 小时内有效）")
            .Produces(200, contentType: "image/jpeg").ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<UploadDto>, ProblemHttpResult>> Upload(
        HttpRequest request,
        Caller caller,
        CallerMember me,
        ZhujiDbContext db,
        IUploadStore store,
        Photos photos,
        IPhotoChecks checks,
        DecodeGate gate,
        IOptions<WeChatOptions> wechat,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin && await me.GetAsync(cancellationToken) is null)
        {
            return Problems.Forbidden(CallerMember.NotAMember);
        }

        IFormFile? file;
        try
        {
            // Read here rather than bound: a broken multipart body is the caller's mistake (400), not a 500.
            file = request.HasFormContentType ? (await request.ReadFormAsync(cancellationToken)).Files.GetFile("file") : null;
        }
        catch (Exception e) when (e is InvalidDataException || (e is IOException && e is not BadHttpRequestException))
        {
            file = null;
        }

        if (file is null || file.Length == 0)
        {
            return Problems.Validation("file", "请以 multipart/form-data 上传图片（字段名 file）");
        }

        if (file.Length > UploadRules.MaxBytes)
        {
            return Problems.Create(413, ErrorCodes.PayloadTooLarge, UploadRules.TooLarge);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-1);
        if (await db.Uploads.CountAsync(u => u.UploadedByUserId == caller.UserId && u.CreatedAt > since, cancellationToken) >= DailyUploadsPerUser)
        {
            return Problems.TooManyRequests($"今日上传已达 {DailyUploadsPerUser} 张，请明天再试");
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        // Its header first (a bomb is refused unread), then decoded in its turn (DecodeGate): a storm of uploads waits
        // or is told to retry; it does not take the host's memory.
        PhotoProcessor.Inspect(bytes);
        if (await gate.RunAsync(() => PhotoProcessor.Process(bytes), cancellationToken) is not { } photo)
        {
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return Problems.Create(503, ErrorCodes.Unavailable, "图片处理繁忙，请稍后重试");
        }

        var upload = Domain.Uploads.Upload.Create(caller.UserId, photo.Width, photo.Height, photo.Image.Length, now);
        // The files first: a row never points at nothing (a file without a row is only disk).
        await store.SaveAsync(UploadFiles.Image(upload.Token), photo.Image, cancellationToken);
        await store.SaveAsync(UploadFiles.Thumbnail(upload.Token), photo.Thumbnail, cancellationToken);
        db.Uploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        if (wechat.Value.Mode == WeChatMode.Live && await db.Users.Where(u => u.Id == caller.UserId).Select(u => u.OpenId).SingleOrDefaultAsync(cancellationToken) is { } openId)
        {
            // WeChat downloads it from a signed link and pushes its verdict later (MediaCheckEndpoints).
            checks.Check(upload.Id, openId, photos.SignedUrl(upload.Token, now.AddHours(1)));
        }

        var dto = photos.ToDto(upload);
        return TypedResults.Created(dto.Url, dto);
    }

    public static Task<Results<FileStreamHttpResult, ProblemHttpResult>> Image(
        string token, HttpResponse response, Photos photos, IUploadStore store, CancellationToken cancellationToken) =>
        ServeAsync(token, UploadFiles.Image(token), response, photos, store, cancellationToken);

    public static Task<Results<FileStreamHttpResult, ProblemHttpResult>> Thumbnail(
        string token, HttpResponse response, Photos photos, IUploadStore store, CancellationToken cancellationToken) =>
        ServeAsync(token, UploadFiles.Thumbnail(token), response, photos, store, cancellationToken);

    public static Results<FileStreamHttpResult, ProblemHttpResult> ForMediaCheck(
        string token, long? expires, string? signature, Photos photos, IUploadStore store, TimeProvider clock)
    {
        if (!TokenShape().IsMatch(token) || expires is null || signature is null || !photos.IsSigned(token, expires.Value, signature, clock.GetUtcNow()) ||
            store.Open(UploadFiles.Image(token)) is not { } file)
        {
            return Problems.NotFound("图片不存在");
        }

        return TypedResults.Stream(file, "image/jpeg");
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ServeAsync(
        string token, string name, HttpResponse response, Photos photos, IUploadStore store, CancellationToken cancellationToken)
    {
        if (!TokenShape().IsMatch(token) || !await photos.MaySeeAsync(token, cancellationToken) || store.Open(name) is not { } file)
        {
            return Problems.NotFound("图片不存在");
        }

        // Never cached by a shared proxy: who may see it is decided per caller.
        response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.Stream(file, "image/jpeg");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{22}$")]
    internal static partial Regex TokenShape();
}

/// <summary>The photos of records: their URLs, who may see one, and a record's URLs checked and attached.</summary>
public sealed class Photos(ZhujiDbContext db, PublicLinks links, Caller caller, PlaceDirectory places, DerivedKeys keys)
{
    public const string NotOurs = "照片须为本人在本系统上传、且未用于其他纪实的图片";

    /// <summary>A link anyone holding it may download until <paramref name="expiresAt"/> (for WeChat's image check): HMAC of the token and the moment.</summary>
    public string SignedUrl(string token, DateTime expiresAt)
    {
        var expires = new DateTimeOffset(DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc)).ToUnixTimeSeconds();
        return links.Api($"/uploads/{token}/public?expires={expires.ToString(CultureInfo.InvariantCulture)}&signature={Signature(token, expires)}");
    }

    public bool IsSigned(string token, long expires, string signature, DateTimeOffset now) =>
        expires >= now.ToUnixTimeSeconds() &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Signature(token, expires)));

    private string Signature(string token, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(keys.PhotoLinks, Encoding.ASCII.GetBytes($"{token}:{expires.ToString(CultureInfo.InvariantCulture)}")))[..32];

    public UploadDto ToDto(Upload upload) =>
        new(Ids.Format(upload.Id), links.Api($"/uploads/{upload.Token}"), links.Api($"/uploads/{upload.Token}/thumbnail"));

    /// <summary>See <see cref="UploadRules.MaySee"/>: the uploader; once attached, the record's member and those who may decide the claim.</summary>
    public async Task<bool> MaySeeAsync(string token, CancellationToken cancellationToken)
    {
        var upload = await db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.Token == token, cancellationToken);
        if (upload is null)
        {
            return false;
        }

        if (upload.ClaimId is not { } claimId)
        {
            return UploadRules.MaySee(upload, caller.UserId, null, false);
        }

        var owner = await (from c in db.Claims
                           join m in db.Members on c.MemberId equals m.Id
                           join t in db.Tasks on c.TaskId equals t.Id
                           where c.Id == claimId
                           select new { m.UserId, m.CommunityId, t.Tier, t.ScopeId }).SingleAsync(cancellationToken);
        var mayDecide = false;
        if (caller.IsAdmin && owner.UserId != caller.UserId)
        {
            var taskScope = await places.TaskScopeAsync(owner.Tier, owner.ScopeId, cancellationToken);
            var home = await places.CommunityAsync(owner.CommunityId, cancellationToken);
            mayDecide = taskScope is not null && home is not null && ClaimRules.MayDecide(caller.Grants, taskScope, home);
        }

        return UploadRules.MaySee(upload, caller.UserId, owner.UserId, mayDecide);
    }

    /// <summary>
    /// A record's <c>photoUrls</c>: each must be one of our upload URLs, uploaded by the member himself and not on
    /// another claim. They are attached to the claim and kept in their canonical form.
    /// </summary>
    public async Task<Loaded<IReadOnlyList<string>>> AttachAsync(IReadOnlyList<string> urls, Claim claim, long memberUserId, CancellationToken cancellationToken)
    {
        var tokens = new List<string>();
        foreach (var url in urls)
        {
            var path = links.ApiPathOf(url);
            var token = path is not null && path.StartsWith("/uploads/", StringComparison.Ordinal) ? path["/uploads/".Length..] : null;
            if (token is null || !UploadEndpoints.TokenShape().IsMatch(token))
            {
                return Problems.Validation("photoUrls", NotOurs);
            }

            if (!tokens.Contains(token))
            {
                tokens.Add(token);
            }
        }

        if (tokens.Count == 0)
        {
            return Array.Empty<string>();
        }

        var uploads = await db.Uploads.Where(u => tokens.Contains(u.Token)).ToListAsync(cancellationToken);
        if (uploads.Count != tokens.Count || uploads.Any(u => !UploadRules.MayAttach(u, memberUserId, claim.Id)))
        {
            return Problems.Validation("photoUrls", NotOurs);
        }

        foreach (var upload in uploads)
        {
            upload.AttachTo(claim.Id);
        }

        return tokens.Select(t => links.Api($"/uploads/{t}")).ToList();
    }
}
