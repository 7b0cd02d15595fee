namespace Zhuji.Domain.Registrations;

public enum MemberType
{
    /// <summary>在职党员: works in a unit, bound by the five-flag rule.</summary>
    InService,

    /// <summary>居民党员: often retired, no work unit; serves and earns flags, not evaluated.</summary>
    Resident,
}

public enum RegistrationStatus
{
    Pending,
    Approved,
    Rejected,
}

public enum RosterMatch
{
    Matched,
    NotInRoster,
    NotApplicable,
}

/// <summary>What a work unit's change feed says happened to one of its members.</summary>
public enum WorkUnitChangeKind
{
    Registered,
    Approved,
    Moved,
    LeftUnit,
    JoinedUnit,
}

/// <summary>The lines of a registration's history.</summary>
public enum RegistrationEventKind
{
    Submitted,
    Approved,
    Rejected,
    Moved,
    ChangedUnit,
    Updated,
    Resubmitted,
}

/// <summary>Where a person of a work unit's roll (its roster and its registered members) stands with registration.</summary>
public enum RollRegistrationStatus
{
    NotRegistered,
    Pending,
    Approved,
    Rejected,
}
