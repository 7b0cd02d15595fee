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
/// community's and his block's; by default those he can still take, soonest first, and <c>?when=past</c> the rest,
/// newest first.
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
            .WithName("ListTasks").ScopedBy(ScopeCheck.Self).WithSummary("党员可见的任务：全市、本社区、本小区。默认列出尚可报名的任务（未开始、未结束报名、未取消），开始时间早的在前；when=past 列出其余任务，最近的在前")
            .RequireMember()
            .ProducesProblem(400).ProducesProblem(403);
        tasks.MapGet("/managed", Managed)
            .WithName("ListManagedTasks").ScopedBy(ScopeCheck.Place).WithSummary("管理员管辖范围内的任务（最新开始的在前；q 按标题或地点查找；communityId、blockId 按组织筛选）")
            .ProducesProblem(400).ProducesProblem(403);
        tasks.MapGet("/{id:long}", Get)
            .WithName("GetTask").ScopedBy(ScopeCheck.Place).WithSummary("任务详情")
            .ProducesProblem(404);
        tasks.MapPut("/{id:long}", Update)
            .WithName("UpdateTask").ScopedBy(ScopeCheck.Place).WithSummary("开始前修改任务（文字、地点、时间、旗数、人数；人数不少于已认领）")
            .Validate<UpdateTaskRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
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
            (request.Shifts ?? []).Select(s => new ShiftPlan(s.StartsAt!.Value, s.EndsAt!.Value, s.Slots!.Value)).ToList(),
            CheckInRequired: request.CheckInRequired ?? false,
            Geofence: GeofenceOf(request.Geofence));
        if (request.Recurrence is { } repeat)
        {
            return await TaskSeriesEndpoints.StartAsync(plan, repeat, admin, cancellationToken);
        }

        var task = VolunteerTask.Publish(plan, caller.UserId, now);
        db.Tasks.Add(task);
        audit.RecordFor("TaskPublished", "Task", task, null, new { task.Tier, task.ScopeId, task.Category, task.Title, task.StartsAt, task.EndsAt, task.Slots, task.Flags, shifts = task.Shifts.Count });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/tasks/{task.Id}", TaskMapping.ToDto(task, task.Shifts, null, now));
    }

    public static async Task<Results<Ok<Page<TaskDto>>, ProblemHttpResult>> Feed(
        ServiceCategory? category,
        VolunteerTaskStatus? status,
        string? when,
        [AsParameters] ListQuery list,
        CallerMember me,
        ZhujiDbContext db,
        TaskReader reader,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var page = list.Page;
        if (!FeedCursor.TryParse(page.After, out var afterStart, out var afterId))
        {
            return Problems.Validation("cursor", PageRequest.InvalidCursor);
        }

        if (!TaskFeed.TryParse(when, status, out var window))
        {
            return Problems.Validation("when", "when 只能为 upcoming（尚可报名，默认）或 past（其余任务）");
        }

        var member = me.Scope;
        var now = clock.GetUtcNow().UtcDateTime;

        // Invited members see them first: his invited open tasks head the first page and are left out of every page.
        // Whether he was ever invited comes with his membership (an EXISTS in the same read): nearly nobody costs a query.
        var filter = new FeedFilter(category, status, page.Fetch, page.After is null ? null : (afterStart, afterId));
        var invited = window == FeedWindow.Upcoming && member.Invited
            ? await TaskFeed.InvitedAsync(db, member.Id, now, filter, TaskInvitation.PinnedOn(page.Limit), cancellationToken)
            : [];
        invited = invited.Where(t => ClaimRules.IsVisibleTo(t.Tier, t.ScopeId, member.Home)).ToList(); // he may have moved since
        var query = TaskFeed.ForMember(db.Tasks.AsNoTracking(), member.Home, window, now, filter with { Apart = invited.Select(t => t.Id).ToList() });
        var pinned = page.After is null ? invited : [];
        var dtos = await reader.ToDtosAsync([.. pinned, .. await query.ReadAsync(cancellationToken)], member.Id, cancellationToken);
        return TypedResults.Ok(page.ToPage(dtos.Select((t, i) => i < pinned.Count ? t with { Invited = true } : t).ToList(), FeedCursor.Of));
    }

    public static async Task<Results<Ok<Page<TaskDto>>, ProblemHttpResult>> Managed(
        ServiceCategory? category,
        VolunteerTaskStatus? status,
        string? q,
        string? communityId,
        string? blockId,
        [AsParameters] ListQuery list,
        TaskAccess access,
        TaskReader reader,
        CancellationToken cancellationToken)
    {
        var page = list.Page;
        if (!FeedCursor.TryParse(page.After, out var afterStart, out var afterId))
        {
            return Problems.Validation("cursor", PageRequest.InvalidCursor);
        }

        if (!SearchTerm.TryRead(q, out var search))
        {
            return Problems.Validation("q", SearchTerm.TooLong);
        }

        if (await access.ManagedAsync(cancellationToken) is not { } query)
        {
            return Problems.Forbidden("仅管理员可查看");
        }

        if (search.Text is { } text)
        {
            query = query.Where(t => t.Title.Contains(text) || t.Location.Contains(text));
        }

        // A place chosen in the organization tree: a community's tasks (its blocks' too), or one block's. Within his scope only.
        if ((communityId is not null && !Ids.TryParse(communityId, out _)) || (blockId is not null && !Ids.TryParse(blockId, out _)))
        {
            return Problems.Validation(communityId is not null && !Ids.TryParse(communityId, out _) ? "communityId" : "blockId", "ID 无效");
        }

        if (Ids.ParseOrNull(communityId) is { } community)
        {
            query = query.Where(t => t.CommunityId == community);
        }

        if (Ids.ParseOrNull(blockId) is { } block)
        {
            query = query.Where(t => t.Tier == TaskTier.Block && t.ScopeId == block);
        }

        var filter = new FeedFilter(category, status, page.Fetch, page.After is null ? null : (afterStart, afterId));
        var tasks = await TaskFeed.Of([query], FeedOrder.LatestFirst, filter).ReadAsync(cancellationToken);
        var total = page.After is null ? await TaskFeed.Filtered(query, filter).CountAsync(cancellationToken) : (int?)null;
        return TypedResults.Ok(page.ToPage(await reader.ToDtosAsync(tasks, null, cancellationToken), FeedCursor.Of) with { Total = total });
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

    /// <summary>A geofence as sent (validated), or none: <c>geofence: {}</c> in an update removes it, no <c>geofence</c> keeps it.</summary>
    private static Geofence? GeofenceOf(GeofenceRequest? request) =>
        request is { Latitude: { } latitude, Longitude: { } longitude, RadiusMeters: { } radius } ? new Geofence(latitude, longitude, radius) : null;

    public static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Update(
        long id, UpdateTaskRequest request, [AsParameters] AdminServices admin, TaskAccess access, TaskReader reader, GrabStatements statements,
        CancellationToken cancellationToken)
    {
        var loaded = await PublishedAsync(id, "只有发布层级的管理员可以修改任务", admin.Db, access, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (task, db, now) = (loaded.Value, admin.Db, admin.Now);
        var edit = new TaskEdit(request.Title!.Trim(), request.Description?.Trim() ?? "", request.Location!.Trim(), request.StartsAt!.Value, request.EndsAt!.Value,
            request.Slots!.Value, request.Flags!.Value, request.KnowledgeType ?? task.KnowledgeType,
            (request.Skills ?? []).Select(s => s.Trim()).Distinct().ToList(), request.AllowGroupClaims ?? task.AllowGroupClaims,
            request.CheckInRequired ?? task.CheckInRequired, request.Geofence is null ? task.Geofence : GeofenceOf(request.Geofence));
        var revision = task.Revise(edit, now);

        await using var transaction = await db.BeginWriteAsync(cancellationToken);

        // Places never below the claims: a condition of the write itself, against a claim committed since the read.
        var slots = edit.Slots;
        if (await db.Tasks.Where(t => t.Id == id && t.Status == VolunteerTaskStatus.Published && t.ClaimedCount <= slots)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Slots, slots), cancellationToken) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var claimed = await db.Tasks.Where(t => t.Id == id).Select(t => t.ClaimedCount).SingleAsync(cancellationToken);
            return Problems.Conflict(VolunteerTask.SlotsBelowClaims(claimed));
        }

        db.Entry(task).Property(t => t.Slots).OriginalValue = slots; // written above; EF need not write it again
        admin.Audit.Record("TaskUpdated", "Task", id, revision.Before, edit);
        await db.SaveChangesAsync(cancellationToken);
        // More places: they go to the first in line (候补递补), in this transaction.
        var promoted = await db.PromoteAsync(statements, id, null, now, cancellationToken);
        var holders = revision.Tell
            ? await (from c in db.Claims.Where(Claim.Awaiting)
                     join m in db.Members on c.MemberId equals m.Id
                     where c.TaskId == id
                     select m.UserId).Distinct().ToArrayAsync(cancellationToken)
            : [];
        await transaction.CommitAsync(cancellationToken);
        await WaitlistEndpoints.TellAsync(db, admin.Notifier, promoted, cancellationToken);

        admin.Notifier.Tell(Messages.TaskChanged(task, holders));

        return TypedResults.Ok(await reader.ToDtoAsync(task, null, cancellationToken));
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

        admin.Notifier.Tell(Messages.TaskCancelled(task, claimers, reason));

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
}
