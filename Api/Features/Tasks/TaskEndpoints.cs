using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Tasks;

/// <summary>
/// Three-tier publishing (市委组织部 · 社区党组织 · 小区党支部) and the member's feed: every City task, his
/// community's and his block's, newest first.
/// </summary>
public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks").RequireAuthorization();
        tasks.MapPost("/", Publish)
            .WithName("PublishTask").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("发布任务（全市 / 社区 / 小区三级）")
            .Validate<PublishTaskRequest>()
            .ProducesProblem(403);
        tasks.MapGet("/", Feed)
            .WithName("ListTasks").ScopedBy(ScopeCheck.Self).WithSummary("党员可见的任务：全市、本社区、本小区，按开始时间由近及远")
            .RequireMember()
            .ProducesProblem(400).ProducesProblem(403);
        tasks.MapGet("/managed", Managed)
            .WithName("ListManagedTasks").ScopedBy(ScopeCheck.Place).WithSummary("管理员管辖范围内的任务")
            .ProducesProblem(400).ProducesProblem(403);
        tasks.MapGet("/{id:long}", Get)
            .WithName("GetTask").ScopedBy(ScopeCheck.Place).WithSummary("任务详情")
            .ProducesProblem(404);
        tasks.MapPost("/{id:long}/close", Close)
            .WithName("CloseTask").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("结束报名")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        tasks.MapPost("/{id:long}/cancel", Cancel)
            .WithName("CancelTask").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("取消任务并通知已认领的党员")
            .Validate<CancelTaskRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return api;
    }

    public static async Task<Results<Created<TaskDto>, ProblemHttpResult>> Publish(
        PublishTaskRequest request, [AsParameters] AdminServices admin, CancellationToken cancellationToken)
    {
        var (caller, places, db, audit) = (admin.Caller, admin.Places, admin.Db, admin.Audit);
        var tier = request.Tier!.Value;
        var scopeId = Ids.ParseOrNull(request.ScopeId);
        if (await places.TaskScopeAsync(tier, scopeId, cancellationToken) is not { } place)
        {
            return Problems.Validation("scopeId", "发布范围不存在");
        }

        if (!caller.Administers(place))
        {
            return Problems.Forbidden("只能在本人管辖范围内发布任务");
        }

        var now = admin.Now;
        var plan = new TaskPlan(
            tier, scopeId, place.CommunityId, request.Category!.Value,
            request.Title!.Trim(), request.Description?.Trim() ?? "", request.Location!.Trim(),
            request.StartsAt!.Value, request.EndsAt!.Value, request.Slots!.Value, request.Flags!.Value,
            request.KnowledgeType ?? KnowledgeType.Basic,
            (request.Skills ?? []).Select(s => s.Trim()).Distinct().ToList(),
            request.AllowGroupClaims ?? false,
            (request.Shifts ?? []).Select(s => new ShiftPlan(s.StartsAt!.Value, s.EndsAt!.Value, s.Slots!.Value)).ToList());
        var task = VolunteerTask.Publish(plan, caller.UserId, now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record("TaskPublished", "Task", task.Id, null, new { task.Tier, task.ScopeId, task.Category, task.Title, task.StartsAt, task.EndsAt, task.Slots, task.Flags, shifts = task.Shifts.Count });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/tasks/{task.Id}", TaskMapping.ToDto(task, task.Shifts, null));
    }

    public static async Task<Results<Ok<Page<TaskDto>>, ProblemHttpResult>> Feed(
        ServiceCategory? category,
        VolunteerTaskStatus? status,
        int? limit,
        string? cursor,
        CallerMember me,
        ZhujiDbContext db,
        TaskReader reader,
        CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(limit, cursor, out var page, out var errors) ||
            !FeedCursor.TryParse(page.After, out var afterStart, out var afterId))
        {
            return Problems.Validation(errors.Count > 0 ? errors : new Dictionary<string, string[]> { ["cursor"] = ["分页游标无效"] });
        }

        var member = me.Scope;

        // One branch per tier, each walking its index newest first and stopping at a page, then merged: an OR of
        // the three would make SQLite gather and sort every visible task before taking twenty.
        var tasks = db.Tasks.AsNoTracking();
        var home = member.Home;
        var tiers = new List<IQueryable<VolunteerTask>> { tasks.Where(t => t.Tier == TaskTier.City && t.ScopeId == null) };
        if (home.CommunityId is { } community)
        {
            tiers.Add(tasks.Where(t => t.Tier == TaskTier.Community && t.ScopeId == community));
        }

        if (home.BlockId is { } block)
        {
            tiers.Add(tasks.Where(t => t.Tier == TaskTier.Block && t.ScopeId == block));
        }

        return TypedResults.Ok(await PageAsync(tiers, category, status, page, afterStart, afterId, member.Id, reader, cancellationToken));
    }

    public static async Task<Results<Ok<Page<TaskDto>>, ProblemHttpResult>> Managed(
        ServiceCategory? category,
        VolunteerTaskStatus? status,
        int? limit,
        string? cursor,
        TaskAccess access,
        TaskReader reader,
        CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(limit, cursor, out var page, out var errors) ||
            !FeedCursor.TryParse(page.After, out var afterStart, out var afterId))
        {
            return Problems.Validation(errors.Count > 0 ? errors : new Dictionary<string, string[]> { ["cursor"] = ["分页游标无效"] });
        }

        if (await access.ManagedAsync(cancellationToken) is not { } query)
        {
            return Problems.Forbidden("仅管理员可查看");
        }

        return TypedResults.Ok(await PageAsync([query], category, status, page, afterStart, afterId, null, reader, cancellationToken));
    }

    public static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Get(
        long id, CallerMember me, ZhujiDbContext db, TaskAccess access, TaskReader reader, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        var member = await me.GetAsync(cancellationToken);
        if (task is null || !await access.CanSeeAsync(task, member, cancellationToken))
        {
            return Problems.NotFound("任务不存在");
        }

        return TypedResults.Ok(await reader.ToDtoAsync(task, member?.Id, cancellationToken));
    }

    public static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Close(
        long id, [AsParameters] AdminServices admin, TaskAccess access, TaskReader reader, CancellationToken cancellationToken)
    {
        var loaded = await PublishedAsync(id, "只有发布层级的管理员可以结束报名", admin.Db, access, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var task = loaded.Value;
        var before = task.Status;
        task.Close(admin.Now);
        admin.Audit.Record("TaskClosed", "Task", task.Id, new { status = before }, new { status = task.Status });
        await admin.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await reader.ToDtoAsync(task, null, cancellationToken));
    }

    public static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Cancel(
        long id, CancelTaskRequest request, [AsParameters] AdminServices admin, TaskAccess access, TaskReader reader, CancellationToken cancellationToken)
    {
        var loaded = await PublishedAsync(id, "只有发布层级的管理员可以取消任务", admin.Db, access, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (task, db) = (loaded.Value, admin.Db);
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "发布方取消" : request.Reason.Trim();
        var before = task.Status;
        var cancellation = task.Cancel(reason, admin.Now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var claimers = await db.ApplyAsync(cancellation, cancellationToken);
        admin.Audit.Record("TaskCancelled", "Task", task.Id, new { status = before }, new { status = task.Status, reason, claimsCancelled = claimers.Length });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (claimers.Length > 0)
        {
            admin.Notifier.Notify(new Notification(NotificationPurpose.TaskCancelled, claimers, $"pages/tasks/detail?id={task.Id}", new Dictionary<string, string>
            {
                ["title"] = task.Title,
                ["time"] = Formats.WeChatTime(task.StartsAt),
                ["reason"] = reason,
            }));
        }

        return TypedResults.Ok(await reader.ToDtoAsync(task, null, cancellationToken));
    }

    /// <summary>A task the caller publishes for (its tier and scope, or above): 404 when missing, 403 when not his.</summary>
    private static async Task<Loaded<VolunteerTask>> PublishedAsync(long id, string forbidden, ZhujiDbContext db, TaskAccess access, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return task is null ? Problems.NotFound("任务不存在")
            : await access.AdministersAsync(task, cancellationToken) ? task
            : Problems.Forbidden(forbidden);
    }

    /// <summary>Newest first by start: each branch filtered, cut to a page in index order, then merged.</summary>
    private static async Task<Page<TaskDto>> PageAsync(
        IReadOnlyList<IQueryable<VolunteerTask>> branches,
        ServiceCategory? category,
        VolunteerTaskStatus? status,
        PageRequest page,
        DateTime afterStart,
        long afterId,
        long? memberId,
        TaskReader reader,
        CancellationToken cancellationToken)
    {
        IQueryable<VolunteerTask> Cut(IQueryable<VolunteerTask> query)
        {
            if (category is not null)
            {
                query = query.Where(t => t.Category == category);
            }

            if (status is not null)
            {
                query = query.Where(t => t.Status == status);
            }

            if (page.After is not null)
            {
                query = query.Where(t => t.StartsAt < afterStart || (t.StartsAt == afterStart && t.Id < afterId));
            }

            return query.OrderByDescending(t => t.StartsAt).ThenByDescending(t => t.Id).Take(page.Fetch);
        }

        var merged = branches.Select(Cut).Aggregate((a, b) => a.Concat(b));
        var tasks = await (branches.Count == 1 ? merged : merged.OrderByDescending(t => t.StartsAt).ThenByDescending(t => t.Id).Take(page.Fetch))
            .ToListAsync(cancellationToken);
        var dtos = await reader.ToDtosAsync(tasks, memberId, cancellationToken);
        return page.ToPage(dtos, FeedCursor.Of);
    }
}
