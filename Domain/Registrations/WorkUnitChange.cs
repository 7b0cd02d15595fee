namespace Zhuji.Domain.Registrations;

/// <summary>
/// An entry of a work unit's change feed: one of its people registered, was approved, moved house, left
/// or joined the unit. The community feeds these back to the unit (信息变动反馈).
/// </summary>
public sealed class WorkUnitChange
{
    private WorkUnitChange()
    {
    }

    internal WorkUnitChange(long workUnitId, Registration registration, WorkUnitChangeKind kind, string? from, string? to, DateTime at)
    {
        WorkUnitId = workUnitId;
        Registration = registration;
        RegistrationId = registration.Id;
        MemberId = registration.MemberId;
        Name = registration.Name;
        Kind = kind;
        From = from;
        To = to;
        At = at;
    }

    public long Id { get; private set; }
    public long WorkUnitId { get; private set; }
    public long RegistrationId { get; private set; }

    /// <summary>The registration it is about (set when made, so a new registration's id follows on save).</summary>
    public Registration? Registration { get; private set; }

    public long? MemberId { get; private set; }
    public string Name { get; private set; } = "";
    public WorkUnitChangeKind Kind { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public DateTime At { get; private set; }

    /// <summary>Cancellation: the unit's history keeps the event, not the name.</summary>
    public void Anonymise() => Name = Privacy.Cancellation.Name;

    /// <summary>How the unit's admins read the kind (their notification, the back office).</summary>
    public static string Describe(WorkUnitChangeKind kind) => kind switch
    {
        WorkUnitChangeKind.Registered => "已报到",
        WorkUnitChangeKind.Approved => "报到已审核通过",
        WorkUnitChangeKind.Moved => "居住地变更",
        WorkUnitChangeKind.LeftUnit => "调离本单位",
        WorkUnitChangeKind.JoinedUnit => "调入本单位",
        _ => kind.ToString(),
    };
}
