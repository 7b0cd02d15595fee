using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Registrations;

/// <summary>
/// Online registration (报到) against a home address: submit, edit (a move goes back to Pending at the new
/// community and is fed back to the work unit), and the community's review.
/// </summary>
public static class RegistrationEndpoints
{
    public static RouteGroupBuilder MapRegistrations(this RouteGroupBuilder api)
    {
        var registrations = api.MapGroup("/registrations").WithTags("Registration").RequireAuthorization();
        registrations.MapPost("/", Submit)
            .WithName("SubmitRegistration").ScopedBy(ScopeCheck.Self).WithSummary("在线报到（住址、单位、联系方式“三清”）")
            .Validate<RegistrationRequest>()
            .Idempotent()
            .ProducesProblem(409);
        registrations.MapGet("/mine", Mine)
            .WithName("GetMyRegistration").ScopedBy(ScopeCheck.Self).WithSummary("我的报到（含变更记录）")
            .ProducesProblem(404);
        registrations.MapPut("/mine", Change)
            .WithName("ChangeMyRegistration").ScopedBy(ScopeCheck.Self).WithSummary("修改报到：搬家或换单位将重新提交新社区审核并反馈单位")
            .Validate<RegistrationRequest>()
            .Idempotent()
            .ProducesProblem(404).ProducesProblem(409);
        registrations.MapPost("/{id:long}/approve", Approve)
            .WithName("ApproveRegistration").ScopedBy(ScopeCheck.Place).WithSummary("审核通过报到（社区及以上）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        registrations.MapPost("/{id:long}/reject", Reject)
            .WithName("RejectRegistration").ScopedBy(ScopeCheck.Place).WithSummary("退回报到并说明原因")
            .Validate<RejectRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        api.MapGet("/communities/{id:long}/registrations", ListForCommunity)
            .WithTags("Registration").WithName("ListCommunityRegistrations").ScopedBy(ScopeCheck.Place).WithSummary("社区报到列表（按状态筛选）")
            .RequireAuthorization()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/work-units/{id:long}/changes", WorkUnitChanges)
            .WithTags("Registration").WithName("ListWorkUnitChanges").ScopedBy(ScopeCheck.WorkUnit).WithSummary("单位党员信息变动反馈")
            .RequireAuthorization()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<RegistrationDto>, ProblemHttpResult>> Submit(
        RegistrationRequest request,
        Caller caller,
        ZhujiDbContext db,
        RegistrationSupport support,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await db.Registrations.AnyAsync(r => r.UserId == caller.UserId, cancellationToken))
        {
            return AlreadyRegistered();
        }

        var details = RegistrationSupport.Details(request);
        if (await support.CheckReferencesAsync(details, cancellationToken) is { } errors)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var registration = Registration.Submit(caller.UserId, details, await support.MatchAsync(details, cancellationToken), now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.Registrations.Add(registration);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return AlreadyRegistered();
        }

        db.RegistrationEvents.Add(new RegistrationEvent(registration.Id, RegistrationEventKind.Submitted, caller.UserId, now)
        {
            ToCommunityId = registration.CommunityId,
            ToBlockId = registration.BlockId,
            ToWorkUnitId = registration.WorkUnitId,
        });
        if (registration.WorkUnitId is { } unit)
        {
            var address = await support.AddressTextAsync(registration.CommunityId, registration.BlockId, cancellationToken);
            db.WorkUnitChanges.Add(new WorkUnitChange(unit, registration.Id, null, registration.Name, WorkUnitChangeKind.Registered, null, address, now));
        }

        var user = await db.Users.SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        user.Rename(registration.Name);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await support.NotifyWorkUnitAsync(registration.WorkUnitId, registration.Name, WorkUnitChangeKind.Registered, now, cancellationToken);
        var dto = await support.LoadAsync(registration.Id, withHistory: false, cancellationToken);
        return TypedResults.Created("/api/v1/registrations/mine", dto);
    }

    public static async Task<Results<Ok<RegistrationDto>, ProblemHttpResult>> Mine(
        Caller caller, ZhujiDbContext db, RegistrationSupport support, CancellationToken cancellationToken)
    {
        var id = await db.Registrations.Where(r => r.UserId == caller.UserId).Select(r => (long?)r.Id).SingleOrDefaultAsync(cancellationToken);
        return id is not null && await support.LoadAsync(id.Value, withHistory: true, cancellationToken) is { } dto
            ? TypedResults.Ok(dto)
            : Problems.NotFound("您尚未报到");
    }

    public static async Task<Results<Ok<RegistrationDto>, ProblemHttpResult>> Change(
        RegistrationRequest request,
        Caller caller,
        ZhujiDbContext db,
        RegistrationSupport support,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var registration = await db.Registrations.SingleOrDefaultAsync(r => r.UserId == caller.UserId, cancellationToken);
        if (registration is null)
        {
            return Problems.NotFound("您尚未报到");
        }

        var details = RegistrationSupport.Details(request);
        if (await support.CheckReferencesAsync(details, cancellationToken) is { } errors)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var fromAddress = await support.AddressTextAsync(registration.CommunityId, registration.BlockId, cancellationToken);
        var change = registration.Change(details, await support.MatchAsync(details, cancellationToken), now);
        if (registration.MemberId is { } memberId)
        {
            // Name, phone and skills need no approval; the new community and unit follow the approval.
            var member = await db.Members.SingleAsync(m => m.Id == memberId, cancellationToken);
            member.UpdateDetails(registration);
        }

        var feed = new List<WorkUnitChange>();
        if (change.Moved)
        {
            db.RegistrationEvents.Add(new RegistrationEvent(registration.Id, RegistrationEventKind.Moved, caller.UserId, now)
            {
                FromCommunityId = change.FromCommunityId,
                ToCommunityId = change.ToCommunityId,
                FromBlockId = change.FromBlockId,
                ToBlockId = change.ToBlockId,
            });
            if (registration.WorkUnitId is { } unit)
            {
                var toAddress = await support.AddressTextAsync(registration.CommunityId, registration.BlockId, cancellationToken);
                feed.Add(new WorkUnitChange(unit, registration.Id, registration.MemberId, registration.Name, WorkUnitChangeKind.Moved, fromAddress, toAddress, now));
            }
        }

        if (change.ChangedUnit)
        {
            db.RegistrationEvents.Add(new RegistrationEvent(registration.Id, RegistrationEventKind.ChangedUnit, caller.UserId, now)
            {
                FromWorkUnitId = change.FromWorkUnitId,
                ToWorkUnitId = change.ToWorkUnitId,
            });
            var fromUnit = await support.UnitNameAsync(change.FromWorkUnitId, cancellationToken);
            var toUnit = await support.UnitNameAsync(change.ToWorkUnitId, cancellationToken);
            if (change.FromWorkUnitId is { } left)
            {
                feed.Add(new WorkUnitChange(left, registration.Id, registration.MemberId, registration.Name, WorkUnitChangeKind.LeftUnit, fromUnit, toUnit, now));
            }

            if (change.ToWorkUnitId is { } joined)
            {
                feed.Add(new WorkUnitChange(joined, registration.Id, registration.MemberId, registration.Name, WorkUnitChangeKind.JoinedUnit, fromUnit, toUnit, now));
            }
        }

        if (!change.MovesScope)
        {
            var kind = change.StatusBefore == RegistrationStatus.Rejected ? RegistrationEventKind.Resubmitted : RegistrationEventKind.Updated;
            db.RegistrationEvents.Add(new RegistrationEvent(registration.Id, kind, caller.UserId, now));
        }

        db.WorkUnitChanges.AddRange(feed);
        var user = await db.Users.SingleAsync(u => u.Id == caller.UserId, cancellationToken);
        user.Rename(registration.Name);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var entry in feed)
        {
            await support.NotifyWorkUnitAsync(entry.WorkUnitId, entry.Name, entry.Kind, now, cancellationToken);
        }

        return TypedResults.Ok((await support.LoadAsync(registration.Id, withHistory: true, cancellationToken))!);
    }

    public static async Task<Results<Ok<RegistrationDto>, ProblemHttpResult>> Approve(
        long id,
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        RegistrationSupport support,
        INotifier notifier,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var loaded = await PendingToDecideAsync(id, caller, places, db, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var registration = loaded.Value;

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        Member member;
        if (registration.MemberId is { } memberId)
        {
            member = await db.Members.SingleAsync(m => m.Id == memberId, cancellationToken);
            registration.Approve(member.Id, caller.UserId, now);
            member.Follow(registration, now);
        }
        else
        {
            member = Member.FromApproval(registration, now);
            db.Members.Add(member);
            await db.SaveChangesAsync(cancellationToken);
            registration.Approve(member.Id, caller.UserId, now);
        }

        db.RegistrationEvents.Add(new RegistrationEvent(registration.Id, RegistrationEventKind.Approved, caller.UserId, now)
        {
            ToCommunityId = registration.CommunityId,
            ToBlockId = registration.BlockId,
            ToWorkUnitId = registration.WorkUnitId,
        });
        if (registration.WorkUnitId is { } unit)
        {
            var address = await support.AddressTextAsync(registration.CommunityId, registration.BlockId, cancellationToken);
            db.WorkUnitChanges.Add(new WorkUnitChange(unit, registration.Id, member.Id, registration.Name, WorkUnitChangeKind.Approved, null, address, now));
        }

        audit.Record("RegistrationApproved", "Registration", registration.Id,
            new { status = RegistrationStatus.Pending }, new { status = registration.Status, memberId = member.Id, registration.CommunityId, registration.BlockId });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        notifier.Notify(Decided(registration, "已通过", "欢迎加入先锋微家", now));
        await support.NotifyWorkUnitAsync(registration.WorkUnitId, registration.Name, WorkUnitChangeKind.Approved, now, cancellationToken);
        return TypedResults.Ok((await support.LoadAsync(registration.Id, withHistory: true, cancellationToken))!);
    }

    public static async Task<Results<Ok<RegistrationDto>, ProblemHttpResult>> Reject(
        long id,
        RejectRequest request,
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        RegistrationSupport support,
        INotifier notifier,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var loaded = await PendingToDecideAsync(id, caller, places, db, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var registration = loaded.Value;

        var now = clock.GetUtcNow().UtcDateTime;
        var reason = request.Reason!.Trim();
        registration.Reject(reason, caller.UserId, now);
        db.RegistrationEvents.Add(new RegistrationEvent(registration.Id, RegistrationEventKind.Rejected, caller.UserId, now) { Reason = reason });
        audit.Record("RegistrationRejected", "Registration", registration.Id,
            new { status = RegistrationStatus.Pending }, new { status = registration.Status, reason });
        await db.SaveChangesAsync(cancellationToken);

        notifier.Notify(Decided(registration, "已退回", reason, now));
        return TypedResults.Ok((await support.LoadAsync(registration.Id, withHistory: true, cancellationToken))!);
    }

    /// <summary>A registration the caller may approve or reject: it exists, is his community's (or below his scope), and still pending.</summary>
    private static async Task<Loaded<Registration>> PendingToDecideAsync(
        long id, Caller caller, PlaceDirectory places, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var registration = await db.Registrations.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (registration is null)
        {
            return Problems.NotFound("报到不存在");
        }

        if (await places.CommunityAsync(registration.CommunityId, cancellationToken) is not { } place || !caller.Administers(place))
        {
            return Problems.Forbidden("只能审核本社区的报到");
        }

        return registration.Status == RegistrationStatus.Pending ? registration : Problems.InvalidState("该报到已审核，无需重复操作");
    }

    public static async Task<Results<Ok<Page<RegistrationDto>>, ProblemHttpResult>> ListForCommunity(
        long id,
        RegistrationStatus? status,
        int? limit,
        string? cursor,
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        RegistrationSupport support,
        CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(limit, cursor, out var page, out var errors))
        {
            return Problems.Validation(errors);
        }

        if (await places.CommunityAsync(id, cancellationToken) is not { } place)
        {
            return Problems.NotFound("社区不存在");
        }

        if (!caller.Administers(place))
        {
            return Problems.Forbidden("只能查看本社区的报到");
        }

        var query = db.Registrations.AsNoTracking().Where(r => r.CommunityId == id);
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        if (page.AfterId is { } after)
        {
            query = query.Where(r => r.Id > after);
        }

        var rows = await support.Project(query.OrderBy(r => r.Id).Take(page.Fetch)).ToListAsync(cancellationToken);
        var items = rows.OrderBy(r => r.Registration.Id).Select(r => RegistrationSupport.ToDto(r, null)).ToList();
        return TypedResults.Ok(page.ToPage(items, r => r.Id));
    }

    public static async Task<Results<Ok<Page<WorkUnitChangeDto>>, ProblemHttpResult>> WorkUnitChanges(
        long id,
        DateTimeOffset? since,
        int? limit,
        string? cursor,
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(limit, cursor, out var page, out var errors))
        {
            return Problems.Validation(errors);
        }

        if (await places.WorkUnitAsync(id, cancellationToken) is not { } place)
        {
            return Problems.NotFound("单位不存在");
        }

        if (!caller.Administers(place))
        {
            return Problems.Forbidden("只能查看本单位的变动");
        }

        var query = db.WorkUnitChanges.AsNoTracking().Where(c => c.WorkUnitId == id);
        if (since is { } from)
        {
            var fromUtc = from.UtcDateTime;
            query = query.Where(c => c.At >= fromUtc);
        }

        if (page.AfterId is { } after)
        {
            query = query.Where(c => c.Id > after);
        }

        var rows = await query.OrderBy(c => c.Id).Take(page.Fetch).ToListAsync(cancellationToken);
        var items = rows.Select(c => new WorkUnitChangeDto(Ids.Format(c.Id), Ids.Format(c.MemberId), Ids.Format(c.RegistrationId), c.Name, c.Kind, c.From, c.To, c.At)).ToList();
        return TypedResults.Ok(page.ToPage(items, c => c.Id));
    }

    private static ProblemHttpResult AlreadyRegistered() =>
        Problems.Conflict("您已报到，如需变更请修改报到信息", ErrorCodes.RegistrationExists);

    private static Notification Decided(Registration registration, string status, string note, DateTime at) =>
        new(NotificationPurpose.RegistrationDecided, [registration.UserId], "pages/register/index", new Dictionary<string, string>
        {
            ["name"] = registration.Name,
            ["status"] = status,
            ["reason"] = note,
            ["time"] = Formats.WeChatTime(at),
        });
}
