using Zhuji.Domain.Auditing;
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
            var entries = query.Before(page, a => a.Id);
            var rows = await (from a in entries
                              join u in db.Users on a.ActorUserId equals u.Id into actors
                              from u in actors.DefaultIfEmpty()
                              orderby a.Id descending
                              select new { Entry = a, Name = u == null ? null : u.DisplayName }).Take(page.Fetch).ToListAsync(cancellationToken);
            var names = await AuditNames.OfAsync(db, rows.Select(r => (r.Entry.EntityType, r.Entry.EntityId)), cancellationToken);
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

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
