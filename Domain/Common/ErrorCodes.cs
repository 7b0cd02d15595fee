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

    // Added 2026-11-29 (contract: "Trust rules").
    public const string ConflictOfInterest = "conflict_of_interest";
    public const string TokenRevoked = "token_revoked";
    public const string PeriodClosed = "period_closed";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string Unavailable = "unavailable";
    public const string MethodNotAllowed = "method_not_allowed";

    // Added 2026-11-29 (contract: "Points and the points mall").
    public const string OutOfStock = "out_of_stock";
    public const string InsufficientPoints = "insufficient_points";
    public const string LimitReached = "limit_reached";

    // Added 2026-11-29 (contract: "Check-in on site, hours, certificates, reminders").
    public const string CheckInCodeInvalid = "checkin_code_invalid";
    public const string OutsideGeofence = "outside_geofence";
    public const string UnsupportedMedia = "unsupported_media";

    // Added 2026-12-06 (contract: "Small corrections").
    public const string ServiceTooShort = "service_too_short";
    public const string LocationRequired = "location_required";
    public const string CheckInLocked = "checkin_locked";

    // Added 2026-12-06 (contract: "Personal information (PIPL) and go-live").
    public const string ConsentRequired = "consent_required";
    public const string TotpRequired = "totp_required";
}
