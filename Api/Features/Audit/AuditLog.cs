using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Zhuji.Api.Auth;
using Zhuji.Domain.Auditing;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Audit;

/// <summary>
/// Adds an audit entry for an admin decision to the unit of work: it is saved with the change it
/// describes, or not at all. The state before and after is kept as JSON, and the client's address with it.
/// </summary>
public sealed class AuditLog(ZhujiDbContext db, Caller caller, TimeProvider clock, IHttpContextAccessor http)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public void Record(string action, string entityType, long? entityId, object? before, object? after) =>
        Add(caller.UserId, action, entityType, entityId, before, after);

    /// <summary>
    /// A decision about <paramref name="subject"/>, written in the same save as the entity (a new one included): the row
    /// names the entity's id once the save has given it one (<c>AuditSubjects</c>).
    /// </summary>
    public void RecordFor(string action, string entityType, object subject, object? before, object? after) =>
        db.AuditEntries.Add(new AuditEntry(caller.UserId, action, entityType, subject, Json(before), Json(after), clock.GetUtcNow().UtcDateTime).From(Address));

    /// <summary>
    /// A login (WeChat or password), succeeded or refused, with where it came from: the person when he is known, the
    /// username tried, and why it was refused. Saved at once by the caller, whatever the answer.
    /// </summary>
    public void RecordLogin(long? userId, string method, bool succeeded, string? username = null, string? refusal = null) =>
        db.AuditEntries.Add(new AuditEntry(succeeded ? userId : null, succeeded ? AuditActions.LoginSucceeded : AuditActions.LoginFailed, "User",
            userId?.ToString(System.Globalization.CultureInfo.InvariantCulture), null, Json(new { method, username, refusal }), clock.GetUtcNow().UtcDateTime).From(Address));

    /// <summary>The client's address (the forwarded one behind a trusted proxy).</summary>
    public string? Address => http.HttpContext?.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null;

    /// <summary>What the system did on its own (a WeChat verdict pushed to us): no one to name as the actor.</summary>
    public void RecordBySystem(string action, string entityType, long? entityId, object? before, object? after) =>
        Add(null, action, entityType, entityId, before, after);

    private void Add(long? actorUserId, string action, string entityType, long? entityId, object? before, object? after)
    {
        db.AuditEntries.Add(new AuditEntry(
            actorUserId,
            action,
            entityType,
            entityId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Json(before),
            Json(after),
            clock.GetUtcNow().UtcDateTime).From(Address));
    }

    private static string? Json(object? state) => state is null ? null : JsonSerializer.Serialize(state, Options);
}
