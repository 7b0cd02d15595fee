namespace Zhuji.Infrastructure.Data;

/// <summary>
/// The first answer to a write sent with an <c>Idempotency-Key</c>, kept so that a phone's retry gets the
/// same answer and changes nothing more. A record without a status code is a request still in flight.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public int? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public string? Location { get; set; }
    public DateTime CreatedAt { get; set; }
}
