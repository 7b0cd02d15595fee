namespace Zhuji.Domain.Identity;

/// <summary>A role granted to a user over a scope, by someone, at a moment.</summary>
public sealed class RoleAssignment
{
    private RoleAssignment()
    {
    }

    public RoleAssignment(long userId, Grant grant, long? grantedByUserId, DateTime grantedAt)
    {
        if (grant.Role == Role.Member)
        {
            throw new ArgumentException("The Member role comes from an approved registration.", nameof(grant));
        }

        if ((Grant.ScopeKindOf(grant.Role) == ScopeKind.City) != (grant.ScopeId is null))
        {
            throw new ArgumentException("A city role has no scope; every other role names one.", nameof(grant));
        }

        UserId = userId;
        Role = grant.Role;
        ScopeId = grant.ScopeId;
        ScopeKey = grant.ScopeId ?? 0;
        GrantedByUserId = grantedByUserId;
        GrantedAt = grantedAt;
    }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public Role Role { get; private set; }
    public long? ScopeId { get; private set; }

    /// <summary><see cref="ScopeId"/> or 0: part of the "a role once per user and scope" unique index.</summary>
    public long ScopeKey { get; private set; }
    public long? GrantedByUserId { get; private set; }
    public DateTime GrantedAt { get; private set; }

    public Grant Grant => new(Role, ScopeId);
}
