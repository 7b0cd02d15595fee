using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Tasks;

/// <summary>A claim in the confirmation queue (待认定): the task, the member (phone masked outside the caller's scope) and his record.</summary>
public sealed record ClaimQueueItemDto(
    string Id,
    string TaskId,
    string TaskTitle,
    TaskTier TaskTier,
    ServiceCategory Category,
    DateTime TaskStartsAt,
    DateTime TaskEndsAt,
    int TaskFlags,
    string? ShiftId,
    string MemberId,
    string MemberName,
    string MemberPhone,
    string CommunityId,
    string CommunityName,
    string BlockName,
    ClaimStatus Status,
    DateTime ClaimedAt,
    DateTime? SubmittedAt,
    ServiceRecordDto? Record,
    string? RejectReason,
    bool TaskCheckInRequired,
    AttendanceDto? Attendance,
    ReliabilityDto? Reliability = null,
    [property: System.ComponentModel.Description("自主申报：党员自己申报的任务之外的服务（标题、时间、地点均为其所填）")] bool Reported = false);

/// <summary><c>{claimIds, flags?}</c>: confirm each (the task's flags unless given).</summary>
public sealed record ConfirmBatchRequest(IReadOnlyList<string>? ClaimIds, int? Flags);

/// <summary><c>{claimIds, reason}</c>: send each record back with the same reason.</summary>
public sealed record RejectClaimsBatchRequest(IReadOnlyList<string>? ClaimIds, string? Reason);

internal sealed class ConfirmBatchRequestValidator : AbstractValidator<ConfirmBatchRequest>
{
    public ConfirmBatchRequestValidator()
    {
        RuleFor(r => r.ClaimIds).BatchIds("认领");
        RuleFor(r => r.Flags).InclusiveBetween(VolunteerTask.MinFlags, VolunteerTask.MaxFlags).When(r => r.Flags is not null)
            .WithMessage(Domain.Flags.FlagEntry.FlagsRange);
    }
}

internal sealed class RejectClaimsBatchRequestValidator : AbstractValidator<RejectClaimsBatchRequest>
{
    public RejectClaimsBatchRequestValidator()
    {
        RuleFor(r => r.ClaimIds).BatchIds("认领");
        RuleFor(r => r.Reason).RequiredText("驳回原因", 200);
    }
}

/// <summary>
/// The confirmation queue across tasks: every claim the caller may decide (his tier's tasks, his communities'
/// members), oldest first, and the same decisions in bulk, each decided alone.
/// </summary>
public static class ClaimQueueEndpoints
{
    public static RouteGroupBuilder MapClaimQueue(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/claims").WithTags("Claims").RequireAuthorization();
        group.MapGet("/", Queue)
            .WithName("ListClaimQueue").ScopedBy(ScopeCheck.Place).WithSummary("待认定队列：本人可认定的认领（默认已提交纪实），最早的在前；q 按党员姓名、完整手机号或任务标题查找")
            .ProducesProblem(400).ProducesProblem(403);
        group.MapPost("/confirm-batch", ConfirmBatch)
            .WithName("ConfirmClaimsBatch").ScopedBy(ScopeCheck.Place).WithSummary("批量认定（最多 100 条，逐条处理，逐条返回结果）")
            .Validate<ConfirmBatchRequest>()
            .ProducesProblem(400);
        group.MapPost("/reject-batch", RejectBatch)
            .WithName("RejectClaimsBatch").ScopedBy(ScopeCheck.Place).WithSummary("批量驳回纪实（最多 100 条，逐条处理，逐条返回结果）")
            .Validate<RejectClaimsBatchRequest>()
            .ProducesProblem(400);
        return api;
    }

    public static async Task<Results<Ok<Page<ClaimQueueItemDto>>, ProblemHttpResult>> Queue(
        ClaimStatus? status,
        string? communityId,
        string? taskId,
        string? q,
        [AsParameters] ListQuery list,
        Caller caller,
        ScopeQueries scopes,
        PlaceDirectory places,
        ZhujiDbContext db,
        CancellationToken cancellationToken)
    {
        var page = list.Page;
        if (!TryCursor(page.After, out var afterAt, out var afterId))
        {
            return Problems.Validation("cursor", PageRequest.InvalidCursor);
        }

        if (communityId is not null && !Ids.TryParse(communityId, out _) || taskId is not null && !Ids.TryParse(taskId, out _))
        {
            return Problems.Validation(communityId is not null && !Ids.TryParse(communityId, out _) ? "communityId" : "taskId", "ID 无效");
        }

        if (!SearchTerm.TryRead(q, out var search))
        {
            return Problems.Validation("q", SearchTerm.TooLong);
        }

        var wanted = status ?? ClaimStatus.Submitted;
        var claims = db.Claims.AsNoTracking().Where(c => c.Status == wanted);
        if (!caller.IsCityAdmin)
        {
            var communities = await scopes.CommunitiesAsync(cancellationToken);
            var blocks = scopes.Blocks;
            if (communities.Count == 0 && blocks.Count == 0)
            {
                return Problems.Forbidden("仅任务发布层级或党员所在社区的管理员可以认定");
            }

            claims = claims.DecidableBy(db, communities, blocks);
        }

        if (Ids.ParseOrNull(communityId) is { } community)
        {
            if (await places.CommunityAsync(community, cancellationToken) is not { } place)
            {
                return Problems.NotFound("社区不存在");
            }

            if (!caller.Administers(place))
            {
                return Problems.Forbidden("只能查看本人管辖社区的待认定");
            }

            claims = claims.Where(c => db.Tasks.Any(t => t.Id == c.TaskId && t.CommunityId == community) || db.Members.Any(m => m.Id == c.MemberId && m.CommunityId == community));
        }

        // A member by name or whole phone, or a task by its title.
        if (search is { Phone: { } phone })
        {
            claims = claims.Where(c => db.Members.Any(m => m.Id == c.MemberId && m.Phone == phone));
        }
        else if (search.Text is { } text)
        {
            claims = claims.Where(c => db.Members.Any(m => m.Id == c.MemberId && m.Name.Contains(text)) || db.Tasks.Any(t => t.Id == c.TaskId && t.Title.Contains(text)));
        }

        if (Ids.ParseOrNull(taskId) is { } task)
        {
            claims = claims.Where(c => c.TaskId == task);
        }

        // 共 N 条 on the first page, but for the confirmed (the history, which only grows).
        var total = page.After is null && wanted != ClaimStatus.Confirmed ? await claims.CountAsync(cancellationToken) : (int?)null;

        // Oldest first: by when the record came in (for the queue), else by when the claim was taken.
        var bySubmission = wanted == ClaimStatus.Submitted;
        if (page.After is not null)
        {
            claims = bySubmission
                ? claims.Where(c => c.SubmittedAt > afterAt || (c.SubmittedAt == afterAt && c.Id > afterId))
                : claims.Where(c => c.ClaimedAt > afterAt || (c.ClaimedAt == afterAt && c.Id > afterId));
        }

        claims = bySubmission ? claims.OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id) : claims.OrderBy(c => c.ClaimedAt).ThenBy(c => c.Id);
        var rows = await (from c in claims.Take(page.Fetch)
                          join t in db.Tasks on c.TaskId equals t.Id
                          join m in db.Members on c.MemberId equals m.Id
                          join co in db.Communities on m.CommunityId equals co.Id
                          join b in db.Blocks on m.BlockId equals b.Id
                          select new { Claim = c, Task = t, m.Name, m.Phone, m.CommunityId, m.BlockId, m.WorkUnitId, co.StreetId, Community = co.Name, Block = b.Name })
            .ToListAsync(cancellationToken);
        var reliability = await db.ReliabilityAsync(rows.Select(r => r.Claim.MemberId).ToList(), cancellationToken);
        var items = rows
            .OrderBy(r => bySubmission ? r.Claim.SubmittedAt : r.Claim.ClaimedAt).ThenBy(r => r.Claim.Id)
            .Select(r =>
            {
                var (c, t) = (r.Claim, r.Task);
                var visible = ScopeRules.SeesPersonalData(caller.Grants, new Place(r.StreetId, r.CommunityId, r.BlockId, r.WorkUnitId));
                return new ClaimQueueItemDto(Ids.Format(c.Id), Ids.Format(t.Id), t.Title, t.Tier, t.Category, t.StartsAt, t.EndsAt, t.Flags, Ids.Format(c.ShiftId),
                    Ids.Format(c.MemberId), r.Name, visible ? r.Phone : PhoneNumber.Mask(r.Phone), Ids.Format(r.CommunityId), r.Community, r.Block,
                    c.Status, c.ClaimedAt, c.SubmittedAt, TaskMapping.RecordOf(c), c.RejectReason, t.CheckInRequired, TaskMapping.AttendanceOf(c),
                    ReliabilityDto.Of(reliability[c.MemberId]), t.Reported);
            }).ToList();
        return TypedResults.Ok(page.ToPage(items, i => $"{(bySubmission ? i.SubmittedAt!.Value : i.ClaimedAt).Ticks.ToString(CultureInfo.InvariantCulture)}:{i.Id}") with { Total = total });
    }

    public static async Task<Ok<BatchResponse>> ConfirmBatch(
        ConfirmBatchRequest request, [AsParameters] AdminServices admin, LedgerPeriods periods, CancellationToken cancellationToken) =>
        TypedResults.Ok(await Batch.RunAsync(admin.Db, request.ClaimIds!,
            id => ClaimEndpoints.ConfirmAsync(id, new ConfirmRequest(request.Flags, null, null), admin, periods, inBatch: true, cancellationToken), c => c.Status.ToString()));

    public static async Task<Ok<BatchResponse>> RejectBatch(
        RejectClaimsBatchRequest request, [AsParameters] AdminServices admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await Batch.RunAsync(admin.Db, request.ClaimIds!,
            id => ClaimEndpoints.Reject(id, new RejectClaimRequest(request.Reason), admin, cancellationToken), c => c.Status.ToString()));

    private static bool TryCursor(string? after, out DateTime at, out long id)
    {
        at = default;
        id = 0;
        if (after is null)
        {
            return true;
        }

        var parts = after.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ||
            ticks > DateTime.MaxValue.Ticks || !Ids.TryParse(parts[1], out id))
        {
            return false;
        }

        at = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }
}
