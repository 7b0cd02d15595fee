using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Audit;

/// <summary>An audited admin action; <c>actionName</c> and <c>entityTypeName</c> say it in Chinese.</summary>
public sealed record AuditEntryDto(
    string Id,
    DateTime At,
    string? ActorUserId,
    string? ActorName,
    string Action,
    string ActionName,
    string EntityType,
    string EntityTypeName,
    string? EntityId,
    JsonElement? Before,
    JsonElement? After,
    string? Address = null,
    string? Changes = null,
    string? EntityName = null);

/// <summary>
/// The audit log, newest first, for the city organization department: admin decisions, logins (success and failure,
/// with the address), exports and views of whole phone numbers. <c>?group=Logins|PersonalData|Decisions</c> narrows it.
/// </summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", List)
            .WithTags("Audit").WithName("ListAuditEntries").ScopedBy(ScopeCheck.City).WithSummary("审计日志（谁、何时、从哪里、做了什么、前后状态；含登录、导出与查看完整手机号）")
            .RequireAuthorization(Policies.CityAdmin)
            .ExportsXlsx<AuditEntryDto>()
            .ProducesProblem(400).ProducesProblem(403);
        return api;
    }

    public static async Task<Results<Ok<Page<AuditEntryDto>>, FileContentHttpResult, ProblemHttpResult>> List(
        string? action,
        string? group,
        string? entityType,
        string? entityId,
        string? actorUserId,
        DateTimeOffset? from,
        DateTimeOffset? to,
        [AsParameters] ExportQuery list,
        ZhujiDbContext db,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var page = list.Page;
        var xlsx = list.Xlsx;

        if (action is { Length: > 64 } || entityType is { Length: > 64 } || entityId is { Length: > 64 })
        {
            return Problems.Validation("action", "筛选条件过长");
        }

        var query = db.AuditEntries.AsNoTracking();
        if (group is not null)
        {
            var others = AuditActions.Groups.Values.SelectMany(a => a).ToList();
            if (AuditActions.Groups.TryGetValue(group, out var actions))
            {
                query = query.Where(a => actions.Contains(a.Action));
            }
            else if (group == "Decisions")
            {
                query = query.Where(a => !others.Contains(a.Action));
            }
            else
            {
                return Problems.Validation("group", "group 只能为 Logins（登录）、PersonalData（导出与个人信息）或 Decisions（管理操作）");
            }
        }

        if (!string.IsNullOrEmpty(action))
        {
            query = query.Where(a => a.Action == action);
        }

        if (!string.IsNullOrEmpty(entityType))
        {
            query = query.Where(a => a.EntityType == entityType);
        }

        if (!string.IsNullOrEmpty(entityId))
        {
            query = query.Where(a => a.EntityId == entityId);
        }

        if (actorUserId is not null)
        {
            if (!Ids.TryParse(actorUserId, out var actor))
            {
                return Problems.Validation("actorUserId", "用户 ID 无效");
            }

            query = query.Where(a => a.ActorUserId == actor);
        }

        if (from is { } since)
        {
            var utc = since.UtcDateTime;
            query = query.Where(a => a.At >= utc);
        }

        if (to is { } until)
        {
            var utc = until.UtcDateTime;
            query = query.Where(a => a.At < utc);
        }

        async Task<Page<AuditEntryDto>> Fetch(PageRequest page)
        {
            var entries = page.AfterId is { } after ? query.Where(a => a.Id < after) : query;
            var rows = await (from a in entries
                              join u in db.Users on a.ActorUserId equals u.Id into actors
                              from u in actors.DefaultIfEmpty()
                              orderby a.Id descending
                              select new { Entry = a, Name = u == null ? null : u.DisplayName }).Take(page.Fetch).ToListAsync(cancellationToken);
            var names = await EntityNamesAsync(db, rows.Select(r => (r.Entry.EntityType, r.Entry.EntityId)), cancellationToken);
            var items = rows.Select(r => new AuditEntryDto(Ids.Format(r.Entry.Id), r.Entry.At, Ids.Format(r.Entry.ActorUserId), r.Name, r.Entry.Action,
                AuditActions.Describe(r.Entry.Action), r.Entry.EntityType, AuditActions.DescribeEntity(r.Entry.EntityType), r.Entry.EntityId,
                Parse(r.Entry.Before), Parse(r.Entry.After), r.Entry.Address, AuditText.Describe(Parse(r.Entry.Before), Parse(r.Entry.After)),
                names.GetValueOrDefault((r.Entry.EntityType, r.Entry.EntityId ?? "")))).ToList();
            return page.ToPage(items, a => a.Id);
        }

        if (xlsx)
        {
            return await XlsxExport.AllAsync(Fetch, "操作审计日志", "操作审计日志",
            [
                new("时间", a => ShanghaiTime.Describe(a.At)), new("操作人", a => a.ActorName ?? "系统"), new("来源地址", a => a.Address), new("操作", a => a.ActionName),
                new("对象", a => a.EntityName is null ? a.EntityTypeName : $"{a.EntityTypeName}：{a.EntityName}"), new("内容", a => a.Changes),
            ], clock.GetUtcNow().UtcDateTime);
        }

        return TypedResults.Ok(await Fetch(page));
    }

    /// <summary>What the entries of a page are about, by name (a person, a place, a unit, a task), read a kind at a time.</summary>
    private static async Task<Dictionary<(string, string), string>> EntityNamesAsync(ZhujiDbContext db, IEnumerable<(string Type, string? Id)> entities, CancellationToken cancellationToken)
    {
        var names = new Dictionary<(string, string), string>();
        foreach (var kind in entities.Where(e => e.Id is not null).GroupBy(e => e.Type))
        {
            var ids = kind.Select(e => Ids.ParseOrNull(e.Id)).OfType<long>().Distinct().ToList();
            var found = kind.Key switch
            {
                "User" => await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, Name = u.DisplayName }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "AdminAccount" => await db.AdminAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, Name = a.Username }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "Street" => await db.Streets.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, Name = s.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "Community" => await db.Communities.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, Name = c.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "Block" => await db.Blocks.AsNoTracking().Where(b => ids.Contains(b.Id)).Select(b => new { b.Id, Name = b.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "WorkUnit" => await db.WorkUnits.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, Name = u.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "Task" => await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, Name = t.Title }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "Member" => await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, Name = m.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "Notice" => await db.Notices.AsNoTracking().Where(n => ids.Contains(n.Id)).Select(n => new { n.Id, Name = n.Title }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "Registration" => await db.Registrations.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, Name = r.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "Merchant" => await db.Merchants.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, Name = m.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                "MallItem" => await db.MallItems.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, Name = i.Title }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken),
                _ => new Dictionary<long, string>(),
            };
            foreach (var (id, name) in found)
            {
                names[(kind.Key, Ids.Format(id))] = name;
            }
        }

        return names;
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
