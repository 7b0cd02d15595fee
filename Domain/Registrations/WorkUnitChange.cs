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

    public WorkUnitChange(long workUnitId, long registrationId, long? memberId, string name, WorkUnitChangeKind kind, string? from, string? to, DateTime at)
    {
        WorkUnitId = workUnitId;
        RegistrationId = registrationId;
        MemberId = memberId;
        Name = name;
        Kind = kind;
        From = from;
        To = to;
        At = at;
    }

    public long Id { get; private set; }
    public long WorkUnitId { get; private set; }
    public long RegistrationId { get; private set; }
    public long? MemberId { get; private set; }
    public string Name { get; private set; } = "";
    public WorkUnitChangeKind Kind { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public DateTime At { get; private set; }
}
