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

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public long? ActorUserId { get; private set; }
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string? EntityId { get; private set; }
    public string? Before { get; private set; }
    public string? After { get; private set; }
}
