namespace Zhuji.Api.Auth;

/// <summary>How an endpoint limits what a caller may touch. Every authenticated endpoint declares one; a test checks it.</summary>
public enum ScopeCheck
{
    /// <summary>Any logged-in user: master data, a scanned code, the groups of a community (phones masked).</summary>
    AnyUser,

    /// <summary>Only the caller's own records: his registration, claims, flags, wishes, suggestions.</summary>
    Self,

    /// <summary>The city organization department only.</summary>
    City,

    /// <summary>Admins whose scope covers the target's place (street ⊃ community ⊃ block), checked against the target.</summary>
    Place,

    /// <summary>The work unit's own admins (and the city).</summary>
    WorkUnit,

    /// <summary>The member himself, or those who may see his personal data (his community, street, unit, the city).</summary>
    Member,
}

/// <summary>Endpoint metadata: the scope check the handler applies.</summary>
public sealed record ScopedByMetadata(ScopeCheck Check);

public static class ScopedByExtensions
{
    public static RouteHandlerBuilder ScopedBy(this RouteHandlerBuilder builder, ScopeCheck check) =>
        builder.WithMetadata(new ScopedByMetadata(check));
}
