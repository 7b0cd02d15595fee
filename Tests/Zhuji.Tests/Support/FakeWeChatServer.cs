using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Zhuji.Tests.Support;

/// <summary>
/// A WeChat server on 127.0.0.1 that answers as WeChat does (wechat.md): errors as HTTP 200 with
/// <c>errcode</c>, single-use login codes, a stable access token, mini-program codes as image bytes.
/// Login codes script the answer: <c>ok:&lt;openid&gt;</c> (or <c>ok:&lt;openid&gt;#&lt;nonce&gt;</c>, a fresh code for the same
/// user) succeeds once (then 40163), <c>invalid</c> 40029,
/// <c>blocked</c> 40226, <c>busy</c> -1, <c>quota</c> 45011, <c>http500</c> HTTP 500, <c>hang</c> never answers.
/// </summary>
public sealed class FakeWeChatServer : IAsyncDisposable
{
    public const string AppId = "wx0123456789abcdef";
    public const string AppSecret = "TEST-APP-SECRET-must-never-be-logged";
    public const string SessionKey = "TEST-SESSION-KEY-must-never-be-logged";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, bool> usedCodes = new();
    private readonly ConcurrentDictionary<string, bool> revokedTokens = new();
    private int tokenSerial;
    private string? currentToken;
    private int stableTokenCalls;

    private FakeWeChatServer(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public int StableTokenCalls => stableTokenCalls;

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<JsonObject> SubscribeMessages { get; } = new();

    public ConcurrentQueue<JsonObject> WxaCodeRequests { get; } = new();

    /// <summary>The bodies of mediaCheckAsync calls (an image to download and check).</summary>
    public ConcurrentQueue<JsonObject> MediaChecks { get; } = new();

    /// <summary>Openids for whom subscribe/send answers 43101 (not subscribed).</summary>
    public ConcurrentDictionary<string, bool> Unsubscribed { get; } = new();

    public static async Task<FakeWeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeWeChatServer(app);
        server.Map();
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>The settings that point the API's Live mode at this server.</summary>
    public Dictionary<string, string?> LiveSettings() => new()
    {
        ["Zhuji:WeChat:Mode"] = "Live",
        ["Zhuji:WeChat:BaseUrl"] = BaseUrl,
        ["Zhuji:WeChat:AppId"] = AppId,
        ["Zhuji:WeChat:AppSecret"] = AppSecret,
    };

    /// <summary>Somebody else force-refreshed: the token in use is now invalid (40001) and a new one is current.</summary>
    public void InvalidateCurrentToken()
    {
        if (currentToken is not null)
        {
            revokedTokens[currentToken] = true;
        }

        currentToken = NewToken();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private string NewToken() => $"ACCESS-TOKEN-{Interlocked.Increment(ref tokenSerial)}";

    private void Map()
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue(context.Request.Path);
            await next(context);
        });

        app.MapGet("/sns/jscode2session", async (HttpContext context) =>
        {
            var query = context.Request.Query;
            if (query["appid"] != AppId || query["secret"] != AppSecret || query["grant_type"] != "authorization_code")
            {
                return Error(40013, "invalid appid");
            }

            var code = query["js_code"].ToString();
            switch (code)
            {
                case "invalid":
                    return Error(40029, "invalid code");
                case "blocked":
                    return Error(40226, "high risk user");
                case "busy":
                    return Error(-1, "system error");
                case "quota":
                    return Error(45011, "api minute-quota reach limit");
                case "http500":
                    return Results.StatusCode(500);
                case "hang":
                    await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
                    return Results.StatusCode(504);
            }

            if (!code.StartsWith("ok:", StringComparison.Ordinal))
            {
                return Error(40029, "invalid code");
            }

            if (!usedCodes.TryAdd(code, true))
            {
                return Error(40163, "code been used");
            }

            return Results.Json(new { openid = code[3..].Split('#')[0], session_key = SessionKey });
        });

        app.MapPost("/cgi-bin/stable_token", async (HttpContext context) =>
        {
            Interlocked.Increment(ref stableTokenCalls);
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            if (body["appid"]?.GetValue<string>() != AppId || body["secret"]?.GetValue<string>() != AppSecret)
            {
                return Error(40125, "invalid appsecret");
            }

            if (currentToken is null || body["force_refresh"]?.GetValue<bool>() == true)
            {
                if (currentToken is not null)
                {
                    revokedTokens[currentToken] = true;
                }

                currentToken = NewToken();
            }

            return Results.Json(new { access_token = currentToken, expires_in = 7200 });
        });

        app.MapPost("/wxa/getwxacodeunlimit", async (HttpContext context) =>
        {
            if (TokenError(context) is { } tokenError)
            {
                return tokenError;
            }

            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            WxaCodeRequests.Enqueue(body);
            var scene = body["scene"]?.GetValue<string>() ?? "";
            if (scene.Length is 0 or > 32)
            {
                return Error(40169, "invalid length for scene");
            }

            var page = body["page"]?.GetValue<string>() ?? "";
            if (page.StartsWith('/') || page.Contains('?'))
            {
                return Error(41030, "invalid page");
            }

            return Results.Bytes(PngSignature, "image/png");
        });

        // Content security: text with 赌博 is risky, with 待审 needs review, with 检测故障 makes WeChat fail.
        app.MapPost("/wxa/msg_sec_check", async (HttpContext context) =>
        {
            if (TokenError(context) is { } tokenError)
            {
                return tokenError;
            }

            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var content = body["content"]?.GetValue<string>() ?? "";
            if (body["version"]?.GetValue<int>() != 2 || string.IsNullOrEmpty(body["openid"]?.GetValue<string>()))
            {
                return Error(47003, "argument invalid");
            }

            if (content.Contains("检测故障"))
            {
                return Results.StatusCode(502);
            }

            var suggest = content.Contains("赌博") ? "risky" : content.Contains("待审") ? "review" : "pass";
            return Results.Json(new { errcode = 0, errmsg = "ok", result = new { suggest, label = suggest == "pass" ? 100 : 20001 } });
        });

        app.MapPost("/wxa/media_check_async", async (HttpContext context) =>
        {
            if (TokenError(context) is { } tokenError)
            {
                return tokenError;
            }

            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            if (body["version"]?.GetValue<int>() != 2 || body["media_type"]?.GetValue<int>() != 2 || string.IsNullOrEmpty(body["openid"]?.GetValue<string>()) ||
                !Uri.TryCreate(body["media_url"]?.GetValue<string>(), UriKind.Absolute, out _))
            {
                return Error(47003, "argument invalid");
            }

            MediaChecks.Enqueue(body);
            return Results.Json(new { errcode = 0, errmsg = "ok", trace_id = $"trace-{MediaChecks.Count}-{Guid.NewGuid():N}" });
        });

        app.MapPost("/cgi-bin/message/subscribe/send", async (HttpContext context) =>
        {
            if (TokenError(context) is { } tokenError)
            {
                return tokenError;
            }

            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var to = body["touser"]?.GetValue<string>() ?? "";
            if (Unsubscribed.ContainsKey(to))
            {
                return Error(43101, "user refuse to accept the msg");
            }

            SubscribeMessages.Enqueue(body);
            return Error(0, "ok");
        });
    }

    private IResult? TokenError(HttpContext context)
    {
        var token = context.Request.Query["access_token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            return Error(41001, "access_token missing");
        }

        return revokedTokens.ContainsKey(token) || token != currentToken ? Error(40001, "invalid credential, access_token is invalid or not latest") : null;
    }

    private static IResult Error(int code, string message) =>
        Results.Json(new { errcode = code, errmsg = $"{message} rid: 6543-test" });

    /// <summary>A tiny but real PNG (1×1) so that callers can check the signature.</summary>
    public static readonly byte[] PngSignature = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}
