namespace Zhuji.Domain.Auditing;

/// <summary>
/// One admin decision, login, export or view of personal data: who, when, from which address, what, on which entity,
/// with the state before and after (JSON). Written in the same transaction as the change it describes; never updated,
/// deleted only by the retention job once older than the retention period (at least six months).
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public AuditEntry(long? actorUserId, string action, string entityType, string? entityId, string? before, string? after, DateTime at)
    {
        ActorUserId = actorUserId;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Before = before;
        After = after;
        At = at;
    }

    /// <summary>
    /// An audit entry of an entity added in the same save: its <see cref="EntityId"/> is set when the save has given the
    /// entity its id.
    /// </summary>
    public AuditEntry(long? actorUserId, string action, string entityType, object subject, string? before, string? after, DateTime at)
        : this(actorUserId, action, entityType, (string?)null, before, after, at) => Subject = subject;

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public long? ActorUserId { get; private set; }
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string? EntityId { get; private set; }
    public string? Before { get; private set; }
    public string? After { get; private set; }

    /// <summary>The client's address (behind the proxy: the forwarded one), when there was a request.</summary>
    public string? Address { get; private set; }

    /// <summary>The entity recorded, while the save that adds both has not given it its id (never stored).</summary>
    public object? Subject { get; private set; }

    /// <summary>Names where the request came from.</summary>
    public AuditEntry From(string? address)
    {
        Address = address is { Length: > 64 } ? address[..64] : address;
        return this;
    }

    /// <summary>The save gave the <see cref="Subject"/> its id.</summary>
    public void Identify(string entityId)
    {
        EntityId = entityId;
        Subject = null;
    }
}
