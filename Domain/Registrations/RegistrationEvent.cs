namespace Zhuji.Domain.Registrations;

/// <summary>One line of a registration's history (the archive shows it): what, when, by whom, from where to where.</summary>
public sealed class RegistrationEvent
{
    private RegistrationEvent()
    {
    }

    internal RegistrationEvent(Registration registration, RegistrationEventKind kind, long? actorUserId, DateTime at)
    {
        Registration = registration;
        RegistrationId = registration.Id;
        Kind = kind;
        ActorUserId = actorUserId;
        At = at;
    }

    public long Id { get; private set; }
    public long RegistrationId { get; private set; }

    /// <summary>The registration the line belongs to (set when the line is made, so a new registration's id follows on save).</summary>
    public Registration? Registration { get; private set; }

    public RegistrationEventKind Kind { get; private set; }
    public long? ActorUserId { get; private set; }
    public DateTime At { get; private set; }
    public long? FromCommunityId { get; init; }
    public long? ToCommunityId { get; init; }
    public long? FromBlockId { get; init; }
    public long? ToBlockId { get; init; }
    public long? FromWorkUnitId { get; init; }
    public long? ToWorkUnitId { get; init; }
    public string? Reason { get; init; }
}
