using Microsoft.AspNetCore.Http.HttpResults;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;

namespace Zhuji.Api.Auth;

/// <summary>
/// The prologue of an admin's action, written once: the entity was found (else 404), the place it belongs
/// to is in the caller's scope (else 403). Handlers pass what they loaded and where it sits.
/// </summary>
public sealed class ScopedLoader(Caller caller, PlaceDirectory places)
{
    /// <summary>An entity of a community, acted on by that community's admins (its street's, the city).</summary>
    public async Task<Loaded<T>> InCommunityAsync<T>(T? entity, Func<T, long> community, string notFound, string forbidden, CancellationToken cancellationToken)
        where T : class =>
        entity is null ? Problems.NotFound(notFound)
        : await places.CommunityAsync(community(entity), cancellationToken) is { } place && caller.Administers(place) ? entity
        : Problems.Forbidden(forbidden);

    /// <summary>An entity of a block, acted on by that block's admins (its community's, street's, the city).</summary>
    public async Task<Loaded<T>> InBlockAsync<T>(T? entity, Func<T, long> block, string notFound, string forbidden, CancellationToken cancellationToken)
        where T : class =>
        entity is null ? Problems.NotFound(notFound)
        : await places.BlockAsync(block(entity), cancellationToken) is { } place && caller.Administers(place) ? entity
        : Problems.Forbidden(forbidden);

    /// <summary>A page of what a community holds, for its admins: the community exists (404) and is theirs (403).</summary>
    public async Task<Loaded<PageRequest>> CommunityPageAsync(long communityId, PageRequest page, string forbidden, CancellationToken cancellationToken) =>
        Refuse(await places.CommunityAsync(communityId, cancellationToken), "社区不存在", forbidden) ?? (Loaded<PageRequest>)page;

    /// <summary>The work unit exists (404) and the caller is its admin or the city's (403).</summary>
    public async Task<ProblemHttpResult?> WorkUnitAsync(long id, string forbidden, CancellationToken cancellationToken) =>
        Refuse(await places.WorkUnitAsync(id, cancellationToken), "单位不存在", forbidden);

    /// <summary>The community exists (404) and the caller administers it (403).</summary>
    public async Task<ProblemHttpResult?> CommunityAsync(long id, string forbidden, CancellationToken cancellationToken) =>
        Refuse(await places.CommunityAsync(id, cancellationToken), "社区不存在", forbidden);

    private ProblemHttpResult? Refuse(Place? place, string notFound, string forbidden) =>
        place is null ? Problems.NotFound(notFound) : caller.Administers(place) ? null : Problems.Forbidden(forbidden);
}
