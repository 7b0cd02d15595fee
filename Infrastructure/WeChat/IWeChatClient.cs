namespace Zhuji.Infrastructure.WeChat;

/// <summary>
/// The WeChat server API we use. Names echo Senparc.Weixin.WxOpen so it can be swapped in where it is
/// available. Failures are <see cref="WeChatException"/>; "user has not subscribed" is a normal result.
/// </summary>
public interface IWeChatClient
{
    /// <summary>Exchanges a <c>wx.login</c> code for the user's openid (code2Session).</summary>
    Task<WeChatSession> JsCode2SessionAsync(string jsCode, CancellationToken cancellationToken);

    /// <summary>The mini-program's access token, shared through the database by every instance.</summary>
    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);

    /// <summary>An unlimited mini-program code (image bytes) whose scene the opened page reads.</summary>
    Task<WxaCodeImage> GetWxaCodeUnlimitAsync(WxaCodeRequest request, CancellationToken cancellationToken);

    Task<SubscribeSendResult> SendSubscribeAsync(SubscribeMessage message, CancellationToken cancellationToken);

    /// <summary>WeChat's content security check (msgSecCheck v2) of text a user posts for others to read.</summary>
    Task<ContentVerdict> MsgSecCheckAsync(string openId, string content, CancellationToken cancellationToken);

    /// <summary>
    /// Asks WeChat to check an image (mediaCheckAsync v2) that it downloads from <paramref name="mediaUrl"/>; the
    /// verdict is pushed to the message push URL within 30 minutes under the returned trace id.
    /// </summary>
    Task<string> MediaCheckAsync(string openId, string mediaUrl, CancellationToken cancellationToken);
}

public enum ContentVerdict
{
    Pass,

    /// <summary>WeChat suggests a person looks at it.</summary>
    Review,

    /// <summary>WeChat says it is not allowed.</summary>
    Risky,
}

/// <summary>The session key is deliberately not kept: we never decrypt user data, so it is never stored or logged.</summary>
public sealed record WeChatSession(string OpenId, string? UnionId);

public sealed record WxaCodeRequest(string Scene, string Page, int Width = 430, bool CheckPath = false);

public sealed record WxaCodeImage(byte[] Content, string ContentType);

public sealed record SubscribeMessage(string ToOpenId, string TemplateId, string? Page, IReadOnlyDictionary<string, string> Data);

public enum SubscribeSendResult
{
    Sent,

    /// <summary>43101: the user has not subscribed, or used his one-time subscription. Normal: skip, do not retry.</summary>
    NotSubscribed,

    /// <summary>A permanent refusal (bad openid, template or data): retrying would not help.</summary>
    Refused,
}
