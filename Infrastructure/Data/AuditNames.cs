using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Zhuji.Infrastructure.Data;

/// <summary>What audit entries are about, by name (a person, a place, a unit, a task), read a kind at a time.</summary>
public static class AuditNames
{
    private sealed class Named
    {
        public long Id { get; init; }

        public string Name { get; init; } = "";
    }

    /// <summary>The name of each (entity type, id) that has one; an unknown kind or a deleted row has none.</summary>
    public static async Task<Dictionary<(string Type, string Id), string>> OfAsync(
        ZhujiDbContext db, IEnumerable<(string Type, string? Id)> entities, CancellationToken cancellationToken)
    {
        var names = new Dictionary<(string, string), string>();
        foreach (var kind in entities.Where(e => e.Id is not null).GroupBy(e => e.Type))
        {
            var ids = kind.Select(e => long.TryParse(e.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).Distinct().ToList();
            var named = kind.Key switch
            {
                "User" => db.Users.Select(u => new Named { Id = u.Id, Name = u.DisplayName }),
                "AdminAccount" => db.AdminAccounts.Select(a => new Named { Id = a.Id, Name = a.Username }),
                "Street" => db.Streets.Select(s => new Named { Id = s.Id, Name = s.Name }),
                "Community" => db.Communities.Select(c => new Named { Id = c.Id, Name = c.Name }),
                "Block" => db.Blocks.Select(b => new Named { Id = b.Id, Name = b.Name }),
                "WorkUnit" => db.WorkUnits.Select(u => new Named { Id = u.Id, Name = u.Name }),
                "Task" => db.Tasks.Select(t => new Named { Id = t.Id, Name = t.Title }),
                "Member" => db.Members.Select(m => new Named { Id = m.Id, Name = m.Name }),
                "Notice" => db.Notices.Select(n => new Named { Id = n.Id, Name = n.Title }),
                "Registration" => db.Registrations.Select(r => new Named { Id = r.Id, Name = r.Name }),
                "Merchant" => db.Merchants.Select(m => new Named { Id = m.Id, Name = m.Name }),
                "MallItem" => db.MallItems.Select(i => new Named { Id = i.Id, Name = i.Title }),
                _ => null,
            };
            if (named is null || ids.Count == 0)
            {
                continue;
            }

            foreach (var n in await named.AsNoTracking().Where(n => ids.Contains(n.Id)).ToListAsync(cancellationToken))
            {
                names[(kind.Key, n.Id.ToString(CultureInfo.InvariantCulture))] = n.Name;
            }
        }

        return names;
    }
}
