using Zhuji.Domain.Tasks;

namespace Zhuji.Infrastructure.Data;

/// <summary>Which claims an admin's scopes reach, as one query for the queue and the morning digest alike.</summary>
public static class ClaimQueries
{
    /// <summary>
    /// The claims an admin of <paramref name="communities"/> and <paramref name="blocks"/> may decide
    /// (<see cref="ClaimRules.MayDecide"/>): those of tasks published by one of his communities (a block's task carries
    /// its community too) or by one of his blocks, and those of members who live in one of his communities.
    /// </summary>
    public static IQueryable<Claim> DecidableBy(this IQueryable<Claim> claims, ZhujiDbContext db, IEnumerable<long> communities, IEnumerable<long> blocks)
    {
        var (communityIds, blockIds) = (communities.ToList(), blocks.ToList());
        return claims.Where(c =>
            db.Tasks.Any(t => t.Id == c.TaskId && ((t.CommunityId != null && communityIds.Contains(t.CommunityId.Value)) || (t.Tier == TaskTier.Block && t.ScopeId != null && blockIds.Contains(t.ScopeId.Value))))
            || db.Members.Any(m => m.Id == c.MemberId && communityIds.Contains(m.CommunityId)));
    }
}
