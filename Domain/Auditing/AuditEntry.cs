namespace Zhuji.Domain.Auditing;

/// <summary>
/// One admin decision: who, when, what, on which entity, with the state before and after (JSON).
/// Written in the same transaction as the change it describes; never updated or deleted.
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

    /// <summary>The entity recorded, while the save that adds both has not given it its id (never stored).</summary>
    public object? Subject { get; private set; }

    /// <summary>The save gave the <see cref="Subject"/> its id.</summary>
    public void Identify(string entityId)
    {
        EntityId = entityId;
        Subject = null;
    }
}
