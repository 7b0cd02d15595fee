using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using QRCoder;

namespace Zhuji.Infrastructure.WeChat;

/// <summary>
/// <c>Zhuji:WeChat:Mode=Fake</c>: no network. A code <c>fake:&lt;openid&gt;</c> logs in as that openid and any
/// other code is invalid; community codes are ordinary QR codes rendered here; messages are only logged
/// (and kept in <see cref="Sent"/> for a developer to look at).
/// </summary>
public sealed class FakeWeChatClient(ILogger<FakeWeChatClient> logger) : IWeChatClient
{
    public const string CodePrefix = "fake:";

    public ConcurrentQueue<SubscribeMessage> Sent { get; } = new();

    public Task<WeChatSession> JsCode2SessionAsync(string jsCode, CancellationToken cancellationToken)
    {
        var openId = jsCode.StartsWith(CodePrefix, StringComparison.Ordinal) ? jsCode[CodePrefix.Length..] : "";
        if (openId.Length is 0 or > 64 || !openId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new WeChatException(WeChatFailure.CodeInvalid, "code2session", 40029, "Fake WeChat: the code is not fake:<openid>");
        }

        return Task.FromResult(new WeChatSession(openId, null));
    }

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult("fake-access-token");

    public Task<WxaCodeImage> GetWxaCodeUnlimitAsync(WxaCodeRequest request, CancellationToken cancellationToken)
    {
        var text = $"{request.Page}?scene={Uri.EscapeDataString(request.Scene)}";
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var pixelsPerModule = Math.Max(1, request.Width / (data.ModuleMatrix.Count + 1));
        var png = new PngByteQRCode(data).GetGraphic(pixelsPerModule);
        return Task.FromResult(new WxaCodeImage(png, "image/png"));
    }

    /// <summary>Fake mode has no WeChat to ask: every text passes.</summary>
    public Task<ContentVerdict> MsgSecCheckAsync(string openId, string content, CancellationToken cancellationToken) =>
        Task.FromResult(ContentVerdict.Pass);

    /// <summary>Fake mode: a trace id, and no verdict ever comes (every image passes).</summary>
    public Task<string> MediaCheckAsync(string openId, string mediaUrl, CancellationToken cancellationToken) =>
        Task.FromResult($"fake-trace-{Guid.NewGuid():N}");

    public Task<SubscribeSendResult> SendSubscribeAsync(SubscribeMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue(message);
        logger.LogInformation("Fake WeChat: subscribe message {TemplateId} to {OpenId}", message.TemplateId, message.ToOpenId);
        return Task.FromResult(SubscribeSendResult.Sent);
    }
}
