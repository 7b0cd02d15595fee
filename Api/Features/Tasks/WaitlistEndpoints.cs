using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Hosting;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Tasks;

/// <summary><c>{shiftId?}</c>: the line of the task, or of one shift of it.</summary>
public sealed record WaitlistRequest(string? ShiftId);

internal sealed class WaitlistRequestValidator : AbstractValidator<WaitlistRequest>
{
    public WaitlistRequestValidator() => RuleFor(r => r.ShiftId).OptionalId("班次");
}

/// <summary>
/// His place in the line (1 is next), or — when a place was free after all as he joined — the claim he was given
/// (<c>position</c> 0, <c>status</c> Promoted).
/// </summary>
public sealed record WaitlistEntryDto(string TaskId, string? ShiftId, int Position, WaitlistStatus Status, DateTime JoinedAt, string? ClaimId);

/// <summary>A line he is in, or was promoted from, as the member sees it.</summary>
public sealed record MyWaitlistDto(string Id, string TaskId, string? ShiftId, string TaskTitle, DateTime TaskStartsAt, int Position, WaitlistStatus Status, DateTime JoinedAt, string? ClaimId);

/// <summary>The task's line as its admins see it, in order (phones masked outside the caller's scope).</summary>
public sealed record TaskWaitlistDto(string MemberId, string MemberName, string MemberPhone, string? ShiftId, int Position, DateTime JoinedAt);

/// <summary>候补: a member joins a full task's line; a freed place goes to the first in line (see <see cref="Waitlists"/>).</summary>
public static class WaitlistEndpoints
{
    public static RouteGroupBuilder MapWaitlist(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Waitlist").RequireAuthorization();
        group.MapPost("/tasks/{id:long}/waitlist", Join)
            .WithName("JoinWaitlist").ScopedBy(ScopeCheck.Self).WithSummary("名额已满时排队候补；有人取消或增加名额时按顺序自动递补")
            .Validate<WaitlistRequest>(optionalBody: true)
            .RateLimited(RateLimitedAs.Claims)
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapDelete("/tasks/{id:long}/waitlist", Leave)
            .WithName("LeaveWaitlist").ScopedBy(ScopeCheck.Self).WithSummary("退出候补")
            .RequireMember()
            .ProducesProblem(404);
        group.MapGet("/me/waitlist", Mine)
            .WithName("ListMyWaitlist").ScopedBy(ScopeCheck.Self).WithSummary("我的候补（排队位置与递补结果）")
            .RequireMember()
            .ProducesProblem(400).ProducesProblem(403);
        group.MapGet("/tasks/{id:long}/waitlist", ListForTask)
            .WithName("ListTaskWaitlist").ScopedBy(ScopeCheck.Place).WithSummary("任务的候补名单（发布层级的管理员）")
            .ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<WaitlistEntryDto>, Ok<WaitlistEntryDto>, ProblemHttpResult>> Join(
        long id, WaitlistRequest? request, Caller caller, TaskGrabbing grabbing, GrabStatements statements, ZhujiDbContext db, INotifier notifier, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var shiftId = Ids.ParseOrNull(request?.ShiftId);
        var (wouldGrab, memberId) = await grabbing.WouldGrabAsync(caller.UserId, id, shiftId, cancellationToken);
        var key = shiftId ?? 0;
        var existing = memberId == 0 ? null : await db.WaitlistEntries.AsNoTracking()
            .SingleOrDefaultAsync(e => e.TaskId == id && e.ShiftKey == key && e.MemberId == memberId && e.Status == WaitlistStatus.Waiting, cancellationToken);
        if (existing is not null)
        {
            return TypedResults.Ok(await DtoAsync(db, existing, cancellationToken));
        }

        switch (WaitlistEntry.MayJoin(wouldGrab))
        {
            case WaitlistJoin.NotFull:
                return Problems.InvalidState(WaitlistEntry.NotFull);
            case WaitlistJoin.Refused:
                return ClaimEndpoints.Refusal(wouldGrab);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var entry = WaitlistEntry.Join(id, shiftId, memberId, now);
        IReadOnlyList<Promotion> promoted;
        await using (var transaction = await db.BeginWriteAsync(cancellationToken))
        {
            db.WaitlistEntries.Add(entry);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // A double tap: the other request put him in line (and may even have promoted him since).
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                var first = await db.WaitlistEntries.AsNoTracking().Where(w => w.TaskId == id && w.ShiftKey == key && w.MemberId == memberId)
                    .OrderByDescending(w => w.Id).FirstAsync(cancellationToken);
                return TypedResults.Ok(await DtoAsync(db, first, cancellationToken));
            }

            // A place freed between the read and this write found nobody in line: it goes to the first in line now.
            promoted = await db.PromoteAsync(statements, id, shiftId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await TellAsync(db, notifier, promoted, cancellationToken);
        return TypedResults.Created("/api/v1/me/waitlist", await DtoAsync(db, entry, cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Leave(
        long id, string? shiftId, CallerMember me, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var key = Ids.ParseOrNull(shiftId) ?? 0;
        var entry = await db.WaitlistEntries
            .SingleOrDefaultAsync(e => e.TaskId == id && e.ShiftKey == key && e.MemberId == me.Scope.Id && e.Status == WaitlistStatus.Waiting, cancellationToken);
        if (entry is null)
        {
            return Problems.NotFound(WaitlistEntry.NotInLine);
        }

        entry.Leave(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Page<MyWaitlistDto>>, ProblemHttpResult>> Mine(
        [AsParameters] ListQuery list, CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;
        var query = db.WaitlistEntries.AsNoTracking().Where(e => e.MemberId == me.Scope.Id && e.Status != WaitlistStatus.Left);
        query = query.Before(page, e => e.Id);

        var rows = await (from e in query
                          join t in db.Tasks on e.TaskId equals t.Id
                          join s in db.TaskShifts on e.ShiftId equals s.Id into shifts
                          from s in shifts.DefaultIfEmpty()
                          orderby e.Id descending
                          select new
                          {
                              Entry = e,
                              t.Title,
                              StartsAt = s == null ? t.StartsAt : s.StartsAt,
                              Position = e.Status == WaitlistStatus.Waiting
                                  ? db.WaitlistEntries.Count(o => o.TaskId == e.TaskId && o.ShiftKey == e.ShiftKey && o.Status == WaitlistStatus.Waiting && o.Id <= e.Id)
                                  : 0,
                          }).Take(page.Fetch).ToListAsync(cancellationToken);
        var items = rows.Select(r => new MyWaitlistDto(Ids.Format(r.Entry.Id), Ids.Format(r.Entry.TaskId), Ids.Format(r.Entry.ShiftId), r.Title, r.StartsAt, r.Position, r.Entry.Status,
            r.Entry.JoinedAt, Ids.Format(r.Entry.ClaimId))).ToList();
        return TypedResults.Ok(page.ToPage(items, i => i.Id));
    }

    public static async Task<Results<Ok<IReadOnlyList<TaskWaitlistDto>>, ProblemHttpResult>> ListForTask(
        long id, Caller caller, ZhujiDbContext db, TaskAccess access, PlaceDirectory places, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null)
        {
            return Problems.NotFound("任务不存在");
        }

        if (!await access.AdministersAsync(task, cancellationToken))
        {
            return Problems.Forbidden("只有发布层级的管理员可以查看候补名单");
        }

        var rows = await (from e in db.WaitlistEntries.AsNoTracking()
                          where e.TaskId == id && e.Status == WaitlistStatus.Waiting
                          join m in db.Members on e.MemberId equals m.Id
                          orderby e.ShiftKey, e.Id
                          select new { Entry = e, m.Name, m.Phone, m.CommunityId, m.BlockId, m.WorkUnitId }).Take(Waitlists.MaxShown).ToListAsync(cancellationToken);
        var items = new List<TaskWaitlistDto>();
        foreach (var line in rows.GroupBy(r => r.Entry.ShiftKey))
        {
            var position = 0;
            foreach (var row in line)
            {
                var street = (await places.CommunityAsync(row.CommunityId, cancellationToken))?.StreetId;
                var visible = ScopeRules.SeesPersonalData(caller.Grants, new Place(street, row.CommunityId, row.BlockId, row.WorkUnitId));
                items.Add(new TaskWaitlistDto(Ids.Format(row.Entry.MemberId), row.Name, visible ? row.Phone : PhoneNumber.Mask(row.Phone),
                    Ids.Format(row.Entry.ShiftId), ++position, row.Entry.JoinedAt));
            }
        }

        return TypedResults.Ok<IReadOnlyList<TaskWaitlistDto>>(items);
    }

    /// <summary>Tells each promoted member (a subscribe message) that the place is his now.</summary>
    public static async Task TellAsync(ZhujiDbContext db, INotifier notifier, IReadOnlyList<Promotion> promoted, CancellationToken cancellationToken)
    {
        foreach (var p in promoted)
        {
            var task = await db.Tasks.AsNoTracking().Where(t => t.Id == p.TaskId).Select(t => new { t.Title, t.StartsAt, t.Location }).SingleAsync(cancellationToken);
            var userId = await db.Members.AsNoTracking().Where(m => m.Id == p.MemberId).Select(m => m.UserId).SingleAsync(cancellationToken);
            notifier.Notify(Messages.WaitlistPromoted(p.TaskId, task.Title, task.StartsAt, task.Location, userId));
        }
    }

    private static async Task<WaitlistEntryDto> DtoAsync(ZhujiDbContext db, WaitlistEntry entry, CancellationToken cancellationToken)
    {
        var current = await db.WaitlistEntries.AsNoTracking().SingleAsync(e => e.Id == entry.Id, cancellationToken);
        var position = current.Status == WaitlistStatus.Waiting ? await db.PositionAsync(current, cancellationToken) : 0;
        return new WaitlistEntryDto(Ids.Format(current.TaskId), Ids.Format(current.ShiftId), position, current.Status, current.JoinedAt, Ids.Format(current.ClaimId));
    }
}
