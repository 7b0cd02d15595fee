using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Zhuji.Infrastructure.WeChat;

/// <summary>
/// WeChat's HTTPS API (wechat.md). Errors arrive as HTTP 200 with <c>errcode</c>; a missing errcode is 0.
/// Nothing here logs a URL, a secret, a token or a session key: the HttpClient's own loggers are removed
/// and our log lines carry the API name and the error code only.
/// </summary>
internal sealed class WeChatApiClient(
    HttpClient http,
    IOptions<WeChatOptions> options,
    WeChatAccessTokenCache tokens,
    Observability.ZhujiMetrics metrics,
    ILogger<WeChatApiClient> logger) : IWeChatClient
{
    private static readonly int[] InvalidCodeErrors = [40029, 40163, 40226];
    private static readonly int[] RejectedTokenErrors = [40001, 40014, 42001];

    private WeChatOptions Options => options.Value;

    public async Task<WeChatSession> JsCode2SessionAsync(string jsCode, CancellationToken cancellationToken)
    {
        const string api = "code2session";
        var url = $"sns/jscode2session?appid={Uri.EscapeDataString(Options.AppId)}&secret={Uri.EscapeDataString(Options.AppSecret)}" +
                  $"&js_code={Uri.EscapeDataString(jsCode)}&grant_type=authorization_code";
        var json = await SendForJsonAsync(api, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
        var errCode = ErrCode(json);
        if (errCode != 0)
        {
            logger.LogWarning("WeChat {Api} refused the login code: errcode {ErrCode}", api, errCode);
            throw InvalidCodeErrors.Contains(errCode)
                ? new WeChatException(WeChatFailure.CodeInvalid, api, errCode, $"WeChat {api} errcode {errCode}")
                : Unavailable(api, errCode);
        }

        var openId = json["openid"]?.GetValue<string>();
        if (string.IsNullOrEmpty(openId))
        {
            throw Unavailable(api, null, "answer without openid");
        }

        return new WeChatSession(openId, json["unionid"]?.GetValue<string>());
    }

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) =>
        tokens.GetAsync(Options.AppId, FetchStableTokenAsync, rejected: null, cancellationToken);

    public async Task<WxaCodeImage> GetWxaCodeUnlimitAsync(WxaCodeRequest request, CancellationToken cancellationToken)
    {
        const string api = "getwxacodeunlimit";
        var body = new
        {
            scene = request.Scene,
            page = request.Page,
            check_path = request.CheckPath,
            env_version = Options.EnvVersion,
            width = request.Width,
        };

        return await WithAccessTokenAsync(api, async token =>
        {
            using var response = await SendAsync(api, () => new HttpRequestMessage(HttpMethod.Post, $"wxa/getwxacodeunlimit?access_token={Uri.EscapeDataString(token)}")
            {
                Content = JsonContent.Create(body),
            }, cancellationToken);
            var contentType = response.Content.Headers.ContentType?.MediaType ?? "";
            if (contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                return (0, new WxaCodeImage(await response.Content.ReadAsByteArrayAsync(cancellationToken), contentType));
            }

            var json = await ReadJsonAsync(api, response, cancellationToken);
            var errCode = ErrCode(json);
            return (errCode == 0 ? -1 : errCode, (WxaCodeImage?)null);
        }, cancellationToken) ?? throw Unavailable(api, null, "no image");
    }

    public async Task<SubscribeSendResult> SendSubscribeAsync(SubscribeMessage message, CancellationToken cancellationToken)
    {
        const string api = "subscribe/send";
        var body = new
        {
            touser = message.ToOpenId,
            template_id = message.TemplateId,
            page = message.Page,
            data = message.Data.ToDictionary(kv => kv.Key, kv => new { value = kv.Value }),
            miniprogram_state = Options.MiniProgramState,
            lang = "zh_CN",
        };

        try
        {
            return await WithAccessTokenAsync(api, async token =>
            {
                var json = await SendForJsonAsync(api, () => new HttpRequestMessage(HttpMethod.Post, $"cgi-bin/message/subscribe/send?access_token={Uri.EscapeDataString(token)}")
                {
                    Content = JsonContent.Create(body),
                }, cancellationToken);
                return (ErrCode(json), SubscribeSendResult.Sent);
            }, cancellationToken);
        }
        catch (WeChatException e) when (e.ErrCode == 43101)
        {
            return SubscribeSendResult.NotSubscribed;
        }
        catch (WeChatException e) when (e.ErrCode is 40003 or 40037 or 47003)
        {
            logger.LogWarning("WeChat {Api} refused a message permanently: errcode {ErrCode}", api, e.ErrCode);
            return SubscribeSendResult.Refused;
        }
    }

    public async Task<ContentVerdict> MsgSecCheckAsync(string openId, string content, CancellationToken cancellationToken)
    {
        const string api = "msg_sec_check";
        var body = new { content = content.Length > 2500 ? content[..2500] : content, version = 2, scene = 2, openid = openId };
        return await WithAccessTokenAsync(api, async token =>
        {
            var json = await SendForJsonAsync(api, () => new HttpRequestMessage(HttpMethod.Post, $"wxa/msg_sec_check?access_token={Uri.EscapeDataString(token)}")
            {
                Content = JsonContent.Create(body),
            }, cancellationToken);
            var suggest = json["result"]?["suggest"]?.GetValue<string>();
            var verdict = suggest switch
            {
                "risky" => ContentVerdict.Risky,
                "review" => ContentVerdict.Review,
                _ => ContentVerdict.Pass,
            };
            return (ErrCode(json), verdict);
        }, cancellationToken);
    }

    public async Task<string> MediaCheckAsync(string openId, string mediaUrl, CancellationToken cancellationToken)
    {
        const string api = "media_check_async";
        var body = new { media_url = mediaUrl, media_type = 2, version = 2, scene = 1, openid = openId };
        return await WithAccessTokenAsync(api, async token =>
        {
            var json = await SendForJsonAsync(api, () => new HttpRequestMessage(HttpMethod.Post, $"wxa/media_check_async?access_token={Uri.EscapeDataString(token)}")
            {
                Content = JsonContent.Create(body),
            }, cancellationToken);
            return (ErrCode(json), json["trace_id"]?.GetValue<string>() ?? "");
        }, cancellationToken);
    }

    /// <summary>Calls with the shared token; on a rejected token refreshes once and retries once.</summary>
    private async Task<T> WithAccessTokenAsync<T>(string api, Func<string, Task<(int ErrCode, T Result)>> call, CancellationToken cancellationToken)
    {
        var token = await GetAccessTokenAsync(cancellationToken);
        var (errCode, result) = await call(token);
        if (RejectedTokenErrors.Contains(errCode))
        {
            logger.LogInformation("WeChat {Api} rejected the access token (errcode {ErrCode}); refreshing once", api, errCode);
            token = await tokens.GetAsync(Options.AppId, FetchStableTokenAsync, rejected: token, cancellationToken);
            (errCode, result) = await call(token);
        }

        if (errCode != 0)
        {
            logger.LogWarning("WeChat {Api} failed: errcode {ErrCode}", api, errCode);
            throw Unavailable(api, errCode);
        }

        return result;
    }

    private async Task<TokenGrant> FetchStableTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        const string api = "stable_token";
        var json = await SendForJsonAsync(api, () => new HttpRequestMessage(HttpMethod.Post, "cgi-bin/stable_token")
        {
            Content = JsonContent.Create(new
            {
                grant_type = "client_credential",
                appid = Options.AppId,
                secret = Options.AppSecret,
                force_refresh = forceRefresh,
            }),
        }, cancellationToken);
        var errCode = ErrCode(json);
        var token = json["access_token"]?.GetValue<string>();
        if (errCode != 0 || string.IsNullOrEmpty(token))
        {
            logger.LogError("WeChat {Api} failed: errcode {ErrCode}", api, errCode);
            throw Unavailable(api, errCode);
        }

        var expiresIn = json["expires_in"]?.GetValue<int>() ?? 7200;
        return new TokenGrant(token, expiresIn);
    }

    private async Task<JsonObject> SendForJsonAsync(string api, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(api, request, cancellationToken);
        return await ReadJsonAsync(api, response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(string api, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using var message = request();
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.WeChatCall(api, "timeout");
            logger.LogWarning("WeChat {Api} timed out after {Seconds} s", api, Options.TimeoutSeconds);
            throw Unavailable(api, null, "timeout", e);
        }
        catch (HttpRequestException e)
        {
            metrics.WeChatCall(api, "unreachable");
            logger.LogWarning("WeChat {Api} unreachable: {Error}", api, e.HttpRequestError);
            throw Unavailable(api, null, "unreachable", e);
        }

        metrics.WeChatCall(api, response.IsSuccessStatusCode ? "ok" : $"http_{(int)response.StatusCode}");
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            logger.LogWarning("WeChat {Api} answered HTTP {Status}", api, status);
            throw Unavailable(api, null, $"HTTP {status}");
        }

        return response;
    }

    private static async Task<JsonObject> ReadJsonAsync(string api, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var node = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
            return node as JsonObject ?? throw Unavailable(api, null, "not a JSON object");
        }
        catch (JsonException e)
        {
            throw Unavailable(api, null, "unreadable answer", e);
        }
    }

    private static int ErrCode(JsonObject json) =>
        json["errcode"] is JsonValue value && value.TryGetValue<int>(out var code) ? code : 0;

    private static WeChatException Unavailable(string api, int? errCode, string? detail = null, Exception? inner = null) =>
        new(WeChatFailure.Unavailable, api, errCode, $"WeChat {api} unavailable ({detail ?? $"errcode {errCode}"})", inner);
}
