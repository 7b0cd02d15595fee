namespace Zhuji.Domain.Registrations;

/// <summary>A person a work unit says should register (its roster), matched to registrations by phone.</summary>
public sealed class RosterEntry
{
    private RosterEntry()
    {
    }

    public RosterEntry(long workUnitId, string name, string phone, DateTime now)
    {
        WorkUnitId = workUnitId;
        Name = name;
        Phone = phone;
        ImportedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }
    public long WorkUnitId { get; private set; }
    public string Name { get; private set; } = "";
    public string Phone { get; private set; } = "";
    public DateTime ImportedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>True when the name changed.</summary>
    public bool Rename(string name, DateTime now)
    {
        if (name == Name)
        {
            return false;
        }

        Name = name;
        UpdatedAt = now;
        return true;
    }
}
