namespace Zhuji.Domain.Registrations;

/// <summary>Where a member lives: community → residential block → building/unit/room (the first of the "three clears").</summary>
public sealed record HomeAddress(long CommunityId, long BlockId, string Building, string? Unit, string Room);

/// <summary>What a registrant states: the three clears (address, work unit, phone) plus type and skills.</summary>
public sealed record RegistrationDetails(
    string Name,
    string Phone,
    MemberType MemberType,
    long? WorkUnitId,
    HomeAddress Address,
    IReadOnlyList<string> Skills);
