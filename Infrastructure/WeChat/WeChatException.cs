namespace Zhuji.Infrastructure.WeChat;

public enum WeChatFailure
{
    /// <summary>The login code is invalid, used, or the user is blocked (40029, 40163, 40226).</summary>
    CodeInvalid,

    /// <summary>WeChat is busy, over quota, down, slow or answered something we cannot read.</summary>
    Unavailable,
}

/// <summary>A call to WeChat failed. The message never carries the secret, a token or a session key.</summary>
public sealed class WeChatException(WeChatFailure failure, string api, int? errCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public WeChatFailure Failure { get; } = failure;
    public string Api { get; } = api;
    public int? ErrCode { get; } = errCode;
}
