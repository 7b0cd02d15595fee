namespace Zhuji.Domain.Common;

/// <summary>The stable machine codes of the REST contract (contract.md, "Conventions").</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string TaskFull = "task_full";
    public const string AlreadyClaimed = "already_claimed";
    public const string ClaimWindowClosed = "claim_window_closed";
    public const string RegistrationExists = "registration_exists";
    public const string InvalidState = "invalid_state";
    public const string WeChatCodeInvalid = "wechat_code_invalid";
    public const string WeChatUnavailable = "wechat_unavailable";
    public const string RateLimited = "rate_limited";
    public const string PayloadTooLarge = "payload_too_large";
    public const string InternalError = "internal_error";
}
