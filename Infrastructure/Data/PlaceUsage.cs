using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Tasks;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// What still refers to a street, community, block or work unit, said the way the city official reads it
/// ("3 个小区、12 名党员"): a place is deleted only when nothing does. Checked inside the deleting transaction.
/// </summary>
public static class PlaceUsage
{
    public static async Task<IReadOnlyList<string>> OfStreetAsync(this ZhujiDbContext db, long id, CancellationToken cancellationToken) =>
        Said(
            (await db.Communities.CountAsync(c => c.StreetId == id, cancellationToken), "个社区"),
            (await RolesAsync(db, Role.StreetAdmin, id, cancellationToken), "名街道管理员"));

    public static async Task<IReadOnlyList<string>> OfCommunityAsync(this ZhujiDbContext db, long id, CancellationToken cancellationToken) =>
        Said(
            (await db.Blocks.CountAsync(b => b.CommunityId == id, cancellationToken), "个小区"),
            (await db.Members.CountAsync(m => m.CommunityId == id, cancellationToken), "名党员"),
            (await db.Registrations.CountAsync(r => r.CommunityId == id, cancellationToken), "条报到"),
            (await db.Tasks.CountAsync(t => t.CommunityId == id, cancellationToken), "个任务"),
            (await db.Wishes.CountAsync(w => w.CommunityId == id, cancellationToken), "个微心愿"),
            (await db.HelpGroups.CountAsync(g => g.CommunityId == id, cancellationToken), "个帮帮团"),
            (await db.Suggestions.CountAsync(s => s.CommunityId == id, cancellationToken), "条建言"),
            (await db.FlagEntries.CountAsync(f => f.CommunityId == id, cancellationToken), "条亮旗记录"),
            (await RolesAsync(db, Role.CommunityAdmin, id, cancellationToken), "名社区管理员"));

    public static async Task<IReadOnlyList<string>> OfBlockAsync(this ZhujiDbContext db, long id, CancellationToken cancellationToken) =>
        Said(
            (await db.Members.CountAsync(m => m.BlockId == id, cancellationToken), "名党员"),
            (await db.Registrations.CountAsync(r => r.BlockId == id, cancellationToken), "条报到"),
            (await db.Tasks.CountAsync(t => t.Tier == TaskTier.Block && t.ScopeId == id, cancellationToken), "个任务"),
            (await db.Stewardships.CountAsync(s => s.BlockId == id, cancellationToken), "条红管家记录"),
            (await RolesAsync(db, Role.BlockAdmin, id, cancellationToken), "名小区管理员"));

    public static async Task<IReadOnlyList<string>> OfWorkUnitAsync(this ZhujiDbContext db, long id, CancellationToken cancellationToken) =>
        Said(
            (await db.Members.CountAsync(m => m.WorkUnitId == id, cancellationToken), "名党员"),
            (await db.Registrations.CountAsync(r => r.WorkUnitId == id, cancellationToken), "条报到"),
            (await db.RosterEntries.CountAsync(e => e.WorkUnitId == id, cancellationToken), "人在名册"),
            (await db.WorkUnitChanges.CountAsync(c => c.WorkUnitId == id, cancellationToken), "条人员变动"),
            (await db.ComplianceResults.CountAsync(r => r.WorkUnitId == id, cancellationToken), "条考核结果"),
            (await db.Reports.CountAsync(r => r.WorkUnitId == id, cancellationToken), "份报表"),
            (await RolesAsync(db, Role.WorkUnitAdmin, id, cancellationToken), "名单位管理员"));

    private static Task<int> RolesAsync(ZhujiDbContext db, Role role, long id, CancellationToken cancellationToken) =>
        db.RoleAssignments.CountAsync(r => r.Role == role && r.ScopeId == id, cancellationToken);

    private static List<string> Said(params (int Count, string What)[] uses) =>
        uses.Where(u => u.Count > 0).Select(u => $"{u.Count} {u.What}").ToList();
}
