using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Auth;

/// <summary>The names of the places roles are held over ("城西社区", "城西社区 西施小区"), looked up a kind at a time.</summary>
public static class ScopeNames
{
    public static async Task<List<RoleDto>> NameAsync(ZhujiDbContext db, IEnumerable<RoleDto> roles, CancellationToken cancellationToken)
    {
        var list = roles.ToList();
        List<long> Of(ScopeKind kind) => list.Where(r => r.Role != Role.Member && Grant.ScopeKindOf(r.Role) == kind)
            .Select(r => Ids.ParseOrNull(r.ScopeId)).OfType<long>().Distinct().ToList();

        var (streets, communities, blocks, units) = (Of(ScopeKind.Street), Of(ScopeKind.Community), Of(ScopeKind.Block), Of(ScopeKind.WorkUnit));
        var names = new Dictionary<(ScopeKind, long), string>();
        foreach (var s in await db.Streets.Where(s => streets.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
        {
            names[(ScopeKind.Street, s.Id)] = s.Name;
        }

        foreach (var c in await db.Communities.Where(c => communities.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
        {
            names[(ScopeKind.Community, c.Id)] = c.Name;
        }

        foreach (var b in await (from b in db.Blocks join c in db.Communities on b.CommunityId equals c.Id where blocks.Contains(b.Id) select new { b.Id, Name = c.Name + " " + b.Name })
                     .ToListAsync(cancellationToken))
        {
            names[(ScopeKind.Block, b.Id)] = b.Name;
        }

        var merchants = Of(ScopeKind.Merchant);
        foreach (var m in await db.Merchants.Where(m => merchants.Contains(m.Id)).Select(m => new { m.Id, m.Name }).ToListAsync(cancellationToken))
        {
            names[(ScopeKind.Merchant, m.Id)] = m.Name;
        }

        foreach (var u in await db.WorkUnits.Where(u => units.Contains(u.Id)).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken))
        {
            names[(ScopeKind.WorkUnit, u.Id)] = u.Name;
        }

        return list.Select(r => r.Role == Role.CityAdmin ? r with { ScopeName = "全市" }
            : r.Role != Role.Member && Ids.ParseOrNull(r.ScopeId) is { } id && names.TryGetValue((Grant.ScopeKindOf(r.Role), id), out var name) ? r with { ScopeName = name }
            : r).ToList();
    }
}
