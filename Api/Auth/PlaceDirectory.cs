using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Auth;

/// <summary>
/// Where a street, community, block or work unit sits, for scope checks. Places rarely change (the city may move a
/// community to another street, or delete an unused place), so what is found is cached for
/// <see cref="Freshness"/>: the instance that made the change forgets it at once, the others within that time.
/// What is not found is not cached, so a place created a moment ago is found at once.
/// </summary>
public sealed class PlaceDirectory(ZhujiDbContext db, IMemoryCache cache)
{
    public Task<Place?> StreetAsync(long id, CancellationToken cancellationToken) =>
        Cached($"street:{id}", async () =>
            await db.Streets.AnyAsync(s => s.Id == id, cancellationToken) ? new Place(StreetId: id) : null);

    public Task<Place?> CommunityAsync(long id, CancellationToken cancellationToken) =>
        Cached($"community:{id}", async () =>
            await db.Communities.Where(c => c.Id == id)
                .Select(c => new Place(c.StreetId, c.Id, null, null))
                .SingleOrDefaultAsync(cancellationToken));

    public Task<Place?> BlockAsync(long id, CancellationToken cancellationToken) =>
        Cached($"block:{id}", async () =>
            await (from b in db.Blocks
                   join c in db.Communities on b.CommunityId equals c.Id
                   where b.Id == id
                   select new Place(c.StreetId, c.Id, b.Id, null)).SingleOrDefaultAsync(cancellationToken));

    public Task<Place?> WorkUnitAsync(long id, CancellationToken cancellationToken) =>
        Cached($"unit:{id}", async () =>
            await db.WorkUnits.AnyAsync(w => w.Id == id, cancellationToken) ? new Place(WorkUnitId: id) : null);

    /// <summary>
    /// A merchant: its admins' place; with the one community it serves, if it serves one (that community's and its
    /// street's admins then administer it too). A merchant serving several communities is the city's.
    /// </summary>
    public Task<Place?> MerchantAsync(long id, CancellationToken cancellationToken) =>
        Cached($"merchant:{id}", async () =>
        {
            var served = await (from mc in db.MerchantCommunities
                                join c in db.Communities on mc.CommunityId equals c.Id
                                where mc.MerchantId == id
                                select new { c.Id, c.StreetId }).Take(2).ToListAsync(cancellationToken);
            return served.Count switch
            {
                0 => null,
                1 => new Place(served[0].StreetId, served[0].Id, MerchantId: id),
                _ => new Place(MerchantId: id),
            };
        });

    /// <summary>The place a task is published for: the city, a community or a block.</summary>
    public async Task<Place?> TaskScopeAsync(TaskTier tier, long? scopeId, CancellationToken cancellationToken) => (tier, scopeId) switch
    {
        (TaskTier.City, null) => Place.City,
        (TaskTier.Community, { } community) => await CommunityAsync(community, cancellationToken),
        (TaskTier.Block, { } block) => await BlockAsync(block, cancellationToken),
        _ => null,
    };

    /// <summary>The place a role's scope names (the city for CityAdmin), or null when it does not exist.</summary>
    public async Task<Place?> ScopeAsync(Role role, long? scopeId, CancellationToken cancellationToken) =>
        (Grant.ScopeKindOf(role), scopeId) switch
        {
            (ScopeKind.City, null) => Place.City,
            (ScopeKind.City, _) => null,
            (_, null) => null,
            (ScopeKind.Street, { } id) => await StreetAsync(id, cancellationToken),
            (ScopeKind.Community, { } id) => await CommunityAsync(id, cancellationToken),
            (ScopeKind.Block, { } id) => await BlockAsync(id, cancellationToken),
            (ScopeKind.WorkUnit, { } id) => await WorkUnitAsync(id, cancellationToken),
            (ScopeKind.Merchant, { } id) => await MerchantAsync(id, cancellationToken),
            _ => null,
        };

    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(5);

    /// <summary>After a community moved or a place was deleted: this instance looks it up again (with its blocks).</summary>
    public void Forget(string kind, long id, IEnumerable<long>? blocks = null)
    {
        cache.Remove($"{kind}:{id}");
        foreach (var block in blocks ?? [])
        {
            cache.Remove($"block:{block}");
        }
    }

    private async Task<Place?> Cached(string key, Func<Task<Place?>> load)
    {
        if (cache.TryGetValue(key, out Place? place))
        {
            return place;
        }

        place = await load();
        if (place is not null)
        {
            cache.Set(key, place, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Freshness });
        }

        return place;
    }
}
