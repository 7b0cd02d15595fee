using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Uploads;
using Zhuji.Api.Hosting;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Tasks;

/// <summary>
/// Claims (抢单): grab, let go before the start, record the service (纪实), and the admin's confirmation
/// (认定), which awards exactly one flag entry.
/// </summary>
public static class ClaimEndpoints
{
    public const string IdempotencyHeader = IdempotencyFilter.Header;

    public static RouteGroupBuilder MapClaims(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Claims").RequireAuthorization();
        group.MapPost("/tasks/{id:long}/claims", Grab)
            .WithName("ClaimTask").ScopedBy(ScopeCheck.Self).WithSummary("一键抢单（可带 Idempotency-Key 重试）；帮帮团团长可为成员团体认领")
            .Validate<GrabRequest>(optionalBody: true)
            .RateLimited(RateLimitedAs.Claims)
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/tasks/{id:long}/claims", ListForTask)
            .WithName("ListTaskClaims").ScopedBy(ScopeCheck.Place).WithSummary("任务的认领与纪实（管理员）")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        group.MapDelete("/claims/{id:long}", Cancel)
            .WithName("CancelClaim").ScopedBy(ScopeCheck.Self).WithSummary("开始前取消认领，名额释放")
            .ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/me/claims", Mine)
            .WithName("ListMyClaims").ScopedBy(ScopeCheck.Self).WithSummary("我的认领")
            .RequireMember()
            .ProducesProblem(400).ProducesProblem(403);
        group.MapPost("/claims/{id:long}/record", Record)
            .WithName("RecordService").ScopedBy(ScopeCheck.Self).WithSummary("填写服务纪实（任务开始后；被驳回后可重新填写）")
            .Validate<RecordRequest>()
            .Idempotent()
            .ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/claims/{id:long}/confirm", Confirm)
            .WithName("ConfirmClaim").ScopedBy(ScopeCheck.Place).WithSummary("认定服务并亮旗（须任务已开始且有纪实或现场签到记录；每个认领只亮一次）")
            .Validate<ConfirmRequest>(optionalBody: true)
            .Idempotent()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/claims/{id:long}/reject", Reject)
            .WithName("RejectClaim").ScopedBy(ScopeCheck.Place).WithSummary("驳回纪实（请补充；党员可在任务结束后 30 天内重新填写）")
            .Validate<RejectClaimRequest>()
            .Idempotent()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/claims/{id:long}/no-show", NoShow)
            .WithName("MarkNoShow").ScopedBy(ScopeCheck.Place).WithSummary("标记未到岗（任务开始后；未签到、未填纪实的认领；不影响红旗）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/me/reliability", MyReliability)
            .WithName("GetMyReliability").ScopedBy(ScopeCheck.Self).WithSummary("我的守约记录：认领、完成、未到岗、临近取消（开始前 2 小时内）")
            .RequireMember()
            .ProducesProblem(403);
        return api;
    }

    public static async Task<Results<Created<ClaimDto>, Created<GroupClaimResponse>, ProblemHttpResult>> Grab(
        long id,
        GrabRequest? request,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        Caller caller,
        CallerMember me,
        TaskGrabbing grabbing,
        GroupClaims groupClaims,
        Infrastructure.Observability.ZhujiMetrics metrics,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is { Length: 0 or > 100 })
        {
            return Problems.Validation(IdempotencyHeader, "Idempotency-Key 须为 1–100 个字符");
        }

        var shiftId = Ids.ParseOrNull(request?.ShiftId);
        if (request?.HelpGroupId is not null)
        {
            return await me.GetAsync(cancellationToken) is { } leader
                ? await groupClaims.GrabAsync(leader, id, shiftId, Ids.ParseOrNull(request.HelpGroupId)!.Value,
                    request.MemberIds!.Select(m => Ids.ParseOrNull(m)!.Value).Distinct().ToList(), cancellationToken)
                : Refusal(GrabOutcome.NotMember);
        }

        var result = await grabbing.GrabAsync(caller.UserId, id, shiftId, idempotencyKey, cancellationToken);
        metrics.Grab(result.Outcome.ToString());
        return result switch
        {
            { Outcome: GrabOutcome.Claimed, Claim: { } claim } => TypedResults.Created($"/api/v1/claims/{claim.Id}", TaskMapping.ToDto(claim)),
            { KeyReused: true } => IdempotencyFilter.KeyReused(),
            _ => Refusal(result.Outcome),
        };
    }

    /// <summary>The contract's answer to each refused grab.</summary>
    public static ProblemHttpResult Refusal(GrabOutcome outcome) => outcome switch
    {
        GrabOutcome.NotMember => Problems.Forbidden(CallerMember.NotAMember),
        GrabOutcome.NotVisible => Problems.NotFound("任务不存在"),
        GrabOutcome.TaskFull => Problems.Conflict("名额已满", ErrorCodes.TaskFull),
        GrabOutcome.AlreadyClaimed => Problems.Conflict("您已认领该任务", ErrorCodes.AlreadyClaimed),
        GrabOutcome.WindowClosed => Problems.Conflict("任务已开始或已结束报名", ErrorCodes.ClaimWindowClosed),
        GrabOutcome.ShiftRequired => Problems.Validation("shiftId", "该任务分班次，请选择班次"),
        GrabOutcome.UnknownShift => Problems.Validation("shiftId", "班次不属于该任务"),
        _ => Problems.Conflict("无法认领"),
    };

    public static async Task<Results<NoContent, ProblemHttpResult>> Cancel(
        long id, CallerMember me, ZhujiDbContext db, GrabStatements statements, TimeProvider clock, INotifier notifier, CancellationToken cancellationToken)
    {
        var loaded = await OwnClaimAsync(id, me, db, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var claim = loaded.Value;
        var (startsAt, _) = await db.WindowAsync(claim, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        claim.Cancel(startsAt, now);
        IReadOnlyList<Promotion> promoted;
        await using (var transaction = await db.BeginWriteAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await statements.ReleaseSlotAsync(claim.TaskId, claim.ShiftId, cancellationToken);
            // 候补递补: the place goes to the first in line in this transaction.
            promoted = await db.PromoteAsync(statements, claim.TaskId, claim.ShiftId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await WaitlistEndpoints.TellAsync(db, notifier, promoted, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Page<ClaimDto>>, ProblemHttpResult>> Mine(
        ClaimStatus? status, [AsParameters] ListQuery list, CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;

        var query = db.Claims.AsNoTracking().Where(c => c.MemberId == me.Scope.Id);
        if (status is not null)
        {
            query = query.Where(c => c.Status == status);
        }

        query = query.Before(page, c => c.Id);

        var rows = await (from c in query
                          join t in db.Tasks on c.TaskId equals t.Id
                          orderby c.Id descending
                          select new { Claim = c, t.Title, t.Category, t.StartsAt, t.Reported }).Take(page.Fetch).ToListAsync(cancellationToken);
        var items = rows.Select(r => TaskMapping.ToDto(r.Claim, r.Title, r.Category, r.StartsAt, r.Reported)).ToList();
        return TypedResults.Ok(page.ToPage(items, c => c.Id));
    }

    public static async Task<Results<Ok<ClaimDto>, ProblemHttpResult>> Record(
        long id, RecordRequest request, CallerMember me, ZhujiDbContext db, Photos photos, TimeProvider clock, CancellationToken cancellationToken)
    {
        var loaded = await OwnClaimAsync(id, me, db, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var claim = loaded.Value;
        var attached = await photos.AttachAsync(request.PhotoUrls ?? [], claim, me.Scope.UserId, cancellationToken);
        if (!attached.Found)
        {
            return attached.Refusal;
        }

        var (startsAt, endsAt) = await db.WindowAsync(claim, cancellationToken);
        var record = new ServiceRecordDetails(request.ServedAt!.Value, request.Hours!.Value, request.Content!.Trim(), request.Place!.Trim(), attached.Value);
        var others = await ServiceDay.OtherHoursAsync(db, claim, request.ServedAt!.Value, cancellationToken);
        claim.Record(record, me.Scope.UserId, startsAt, endsAt, clock.GetUtcNow().UtcDateTime, others);
        await db.SaveChangesAsync(cancellationToken);
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == claim.TaskId, cancellationToken);
        return TypedResults.Ok(TaskMapping.ToDto(claim, task));
    }

    public static Task<Results<Ok<ClaimDto>, ProblemHttpResult>> Confirm(
        long id, ConfirmRequest? request, [AsParameters] AdminServices admin, LedgerPeriods periods, CancellationToken cancellationToken) =>
        ConfirmAsync(id, request, admin, periods, inBatch: false, cancellationToken);

    /// <summary>
    /// Confirms one claim. <paramref name="inBatch"/>: a claim marked <see cref="Claim.NeedsReview"/> (a day of more
    /// than 8 hours) is not confirmed in bulk — the admin opens it and confirms it alone.
    /// </summary>
    internal static async Task<Results<Ok<ClaimDto>, ProblemHttpResult>> ConfirmAsync(
        long id, ConfirmRequest? request, AdminServices admin, LedgerPeriods periods, bool inBatch, CancellationToken cancellationToken)
    {
        var loaded = await ToDecideAsync(id, "认定", admin, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (claim, task, member, startsAt, endsAt) = loaded.Value;
        if (inBatch && claim.NeedsReview && claim.Status == ClaimStatus.Submitted)
        {
            return Problems.InvalidState(Attendance.LongDay);
        }

        var (db, now, adminUserId) = (admin.Db, admin.Now, admin.Caller.UserId);
        var before = claim.Status;
        var attendance = request?.Record is { } a
            ? new ServiceRecordDetails(a.ServedAt!.Value, a.Hours!.Value, a.Content!.Trim(), a.Place!.Trim(), [])
            : null;

        // 认定 → 亮旗: the award raises FlagAwarded, so its points and the tallies it moves are written in this save.
        var award = claim.Confirm(task, member, adminUserId, startsAt, endsAt, now, attendance, request?.Flags);
        var period = await periods.CheckAsync(award.ServedAt, now, request?.Reason, cancellationToken, field: "record.servedAt");
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.FlagEntries.Add(award);
        admin.Audit.Record("ClaimConfirmed", "Claim", claim.Id, new { status = before },
            new { status = claim.Status, flags = award.Flags, servedAt = award.ServedAt, memberId = member.Id, attendance = attendance is not null, reason = request?.Reason });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e))
        {
            // Another admin decided it at the same moment: the database kept exactly one decision and one award.
            return Problems.InvalidState(Claim.AlreadyConfirmed);
        }

        var fulfilled = task.WishId is { } wishId && await db.FulfilAsync(admin.Tallies, wishId, now, cancellationToken);
        await periods.AfterAsync(period, award.ServedAt, request?.Reason, "ClaimConfirmed", claim.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (fulfilled && await db.Wishes.AsNoTracking().SingleOrDefaultAsync(w => w.Id == task.WishId, cancellationToken) is { } wish)
        {
            admin.Notifier.Tell(Messages.WishUpdated(wish, "已实现", $"党员{member.Name}已帮您完成", now));
        }

        return TypedResults.Ok(TaskMapping.ToDto(claim, task));
    }

    public static async Task<Results<Ok<ClaimDto>, ProblemHttpResult>> Reject(
        long id, RejectClaimRequest request, [AsParameters] AdminServices admin, CancellationToken cancellationToken)
    {
        var loaded = await ToDecideAsync(id, "驳回", admin, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (claim, task, member, startsAt, _) = loaded.Value;
        var before = claim.Status;
        var reason = request.Reason!.Trim();
        claim.Reject(reason, admin.Caller.UserId, member.UserId, startsAt, admin.Now);
        admin.Audit.Record("ClaimRejected", "Claim", claim.Id, new { status = before }, new { status = claim.Status, reason });
        try
        {
            await admin.Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.InvalidState("该服务已被其他管理员处理");
        }

        return TypedResults.Ok(TaskMapping.ToDto(claim, task));
    }

    public static async Task<Results<Ok<ClaimDto>, ProblemHttpResult>> NoShow(long id, [AsParameters] AdminServices admin, CancellationToken cancellationToken)
    {
        var loaded = await ToDecideAsync(id, "标记未到岗", admin, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (claim, task, member, startsAt, _) = loaded.Value;
        var before = claim.Status;
        claim.MarkNoShow(admin.Caller.UserId, member.UserId, startsAt, admin.Now);
        admin.Audit.Record("ClaimNoShow", "Claim", claim.Id, new { status = before }, new { status = claim.Status, memberId = member.Id });
        try
        {
            await admin.Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.InvalidState("该认领已被其他管理员处理");
        }

        return TypedResults.Ok(TaskMapping.ToDto(claim, task));
    }

    public static async Task<Ok<ReliabilityDto>> MyReliability(CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(ReliabilityDto.Of((await db.ReliabilityAsync([me.Scope.Id], cancellationToken))[me.Scope.Id]));

    public static async Task<Results<Ok<Page<TaskClaimDto>>, ProblemHttpResult>> ListForTask(
        long id,
        ClaimStatus? status,
        [AsParameters] ListQuery list,
        Caller caller,
        ZhujiDbContext db,
        PlaceDirectory places,
        TaskAccess access,
        ScopeQueries scopes,
        CancellationToken cancellationToken)
    {
        var page = list.Page;

        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null)
        {
            return Problems.NotFound("任务不存在");
        }

        var claims = db.Claims.AsNoTracking().Where(c => c.TaskId == id);
        if (!await access.AdministersAsync(task, cancellationToken))
        {
            // A community (or street) admin sees the claims of his own members on a task he did not publish.
            var communities = await scopes.CommunitiesAsync(cancellationToken);
            if (communities.Count == 0)
            {
                return Problems.Forbidden("无权查看该任务的认领");
            }

            claims = claims.Where(c => db.Members.Any(m => m.Id == c.MemberId && communities.Contains(m.CommunityId)));
        }

        if (status is not null)
        {
            claims = claims.Where(c => c.Status == status);
        }

        claims = claims.After(page, c => c.Id);

        var rows = await (from c in claims
                          join m in db.Members on c.MemberId equals m.Id
                          orderby c.Id
                          select new { Claim = c, m.Name, m.Phone, m.CommunityId, m.BlockId, m.WorkUnitId }).Take(page.Fetch).ToListAsync(cancellationToken);
        var reliability = await db.ReliabilityAsync(rows.Select(r => r.Claim.MemberId).ToList(), cancellationToken);
        var items = new List<TaskClaimDto>();
        foreach (var row in rows)
        {
            var street = (await places.CommunityAsync(row.CommunityId, cancellationToken))?.StreetId;
            var visible = ScopeRules.SeesPersonalData(caller.Grants, new Place(street, row.CommunityId, row.BlockId, row.WorkUnitId));
            var c = row.Claim;
            items.Add(new TaskClaimDto(Ids.Format(c.Id), Ids.Format(c.ShiftId), Ids.Format(c.MemberId), row.Name,
                visible ? row.Phone : PhoneNumber.Mask(row.Phone), c.Status, c.ClaimedAt, TaskMapping.RecordOf(c), c.RejectReason, TaskMapping.AttendanceOf(c),
                ReliabilityDto.Of(reliability[c.MemberId])));
        }

        return TypedResults.Ok(page.ToPage(items, c => c.Id));
    }

    /// <summary>What an admin confirms or rejects: the claim, its task, its member and when it (or its shift) starts and ends.</summary>
    private sealed record Decision(Claim Claim, VolunteerTask Task, Member Member, DateTime StartsAt, DateTime EndsAt);

    /// <summary>
    /// A claim the caller may decide (confirm or reject, the <paramref name="verb"/>): see
    /// <see cref="ClaimRules.MayDecide"/>.
    /// </summary>
    private static async Task<Loaded<Decision>> ToDecideAsync(long id, string verb, AdminServices admin, CancellationToken cancellationToken)
    {
        var db = admin.Db;
        var claim = await db.Claims.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (claim is null)
        {
            return Problems.NotFound("认领不存在");
        }

        var task = await db.Tasks.SingleAsync(t => t.Id == claim.TaskId, cancellationToken);
        var member = await db.Members.SingleAsync(m => m.Id == claim.MemberId, cancellationToken);
        var taskScope = await admin.Places.TaskScopeAsync(task.Tier, task.ScopeId, cancellationToken);
        var home = await admin.Places.CommunityAsync(member.CommunityId, cancellationToken);
        if (taskScope is null || home is null || !ClaimRules.MayDecide(admin.Caller.Grants, taskScope, home))
        {
            return Problems.Forbidden($"只有任务发布层级或党员所在社区的管理员可以{verb}");
        }

        var (startsAt, endsAt) = await db.WindowAsync(claim, cancellationToken);
        return new Decision(claim, task, member, startsAt, endsAt);
    }

    /// <summary>The caller's own claim; anyone else's does not exist for him.</summary>
    internal static async Task<Loaded<Claim>> OwnClaimAsync(long id, CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var member = await me.GetAsync(cancellationToken);
        var claim = await db.Claims.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return claim is null || member is null || claim.MemberId != member.Id ? Problems.NotFound("认领不存在") : claim;
    }
}
