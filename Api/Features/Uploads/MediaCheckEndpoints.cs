using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Api.Features.Uploads;

/// <summary>
/// WeChat's message push (消息推送, JSON, plain text mode): the verdicts of the image checks asked for at upload. A
/// risky photo is hidden at once (nobody is served it any more), the hiding is audited, and the admins of the
/// record's community are told. Every push is signed with <c>Zhuji:WeChat:PushToken</c> and must be fresh.
/// </summary>
public static class MediaCheckEndpoints
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapWeChatPush(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/wechat/push").WithTags("WeChat").AllowAnonymous();
        group.MapGet("/", Verify).WithName("VerifyWeChatPush").WithSummary("微信消息推送：服务器地址校验（echostr）")
            .Produces<string>(200, "text/plain").ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/", Receive).WithName("WeChatPush").WithSummary("微信消息推送：图片安全检测结果（wxa_media_check）")
            .Produces<string>(200, "text/plain").ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(413);
        return api;
    }

    public static Results<ContentHttpResult, ProblemHttpResult> Verify(
        string? signature, string? timestamp, string? nonce, string? echostr, IOptions<WeChatOptions> options, TimeProvider clock) =>
        Check(options.Value.PushToken, signature, timestamp, nonce, clock) is { } refused ? refused : TypedResults.Text(echostr ?? "", "text/plain");

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Receive(
        string? signature,
        string? timestamp,
        string? nonce,
        HttpRequest request,
        IOptions<WeChatOptions> options,
        ZhujiDbContext db,
        AuditLog audit,
        INotifier notifier,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (Check(options.Value.PushToken, signature, timestamp, nonce, clock) is { } refused)
        {
            return refused;
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return Problems.Validation("body", "推送内容不是 JSON 对象");
        }

        var traceId = body["trace_id"]?.GetValue<string>();
        var suggest = body["result"]?["suggest"]?.GetValue<string>();
        if (body["Event"]?.GetValue<string>() != "wxa_media_check" || traceId is null || suggest != "risky")
        {
            return TypedResults.Text("success", "text/plain");
        }

        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.MediaTraceId == traceId, cancellationToken);
        if (upload is null || upload.Hidden)
        {
            return TypedResults.Text("success", "text/plain");
        }

        upload.Hide();
        audit.RecordBySystem("PhotoHidden", "Upload", upload.Id, null, new { traceId, suggest, label = body["result"]?["label"]?.GetValue<int>(), claimId = upload.ClaimId });
        await db.SaveChangesAsync(cancellationToken);
        if (upload.ClaimId is { } claimId)
        {
            var record = await (from c in db.Claims
                                join m in db.Members on c.MemberId equals m.Id
                                join t in db.Tasks on c.TaskId equals t.Id
                                where c.Id == claimId
                                select new { m.Name, m.CommunityId, t.Title }).SingleAsync(cancellationToken);
            var admins = await db.RoleAssignments.Where(r => r.Role == Role.CommunityAdmin && r.ScopeId == record.CommunityId).Select(r => r.UserId).ToArrayAsync(cancellationToken);
            notifier.Tell(Messages.PhotoHidden(record.Title, record.Name, admins));
        }

        return TypedResults.Text("success", "text/plain");
    }

    /// <summary>WeChat's signature: SHA-1 of the token, timestamp and nonce sorted and joined; and a timestamp within <see cref="Freshness"/>.</summary>
    public static string Sign(string token, string timestamp, string nonce)
    {
        var parts = new[] { token, timestamp, nonce };
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    private static ProblemHttpResult? Check(string? token, string? signature, string? timestamp, string? nonce, TimeProvider clock)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Problems.NotFound();
        }

        if (signature is null || timestamp is null || nonce is null ||
            !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > Freshness.TotalSeconds ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(token, timestamp, nonce))))
        {
            return Problems.Forbidden("签名无效或已过期");
        }

        return null;
    }
}
