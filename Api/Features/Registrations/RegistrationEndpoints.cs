using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
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
            .WithName("ApproveRegistration").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("审核通过报到（社区及以上）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        registrations.MapPost("/{id:long}/reject", Reject)
            .WithName("RejectRegistration").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("退回报到并说明原因")
            .Validate<RejectRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        registrations.MapPost("/approve-batch", ApproveBatch)
            .WithName("ApproveRegistrationsBatch").ScopedBy(ScopeCheck.Place).WithSummary("批量审核通过（最多 100 条，逐条处理，逐条返回结果）")
            .Validate<RegistrationsBatchRequest>()
            .ProducesProblem(400);
        registrations.MapPost("/reject-batch", RejectBatch)
            .WithName("RejectRegistrationsBatch").ScopedBy(ScopeCheck.Place).WithSummary("批量退回（同一原因；最多 100 条，逐条处理，逐条返回结果）")
            .Validate<RegistrationsBatchRequest>()
            .ProducesProblem(400);

        api.MapGet("/communities/{id:long}/registrations", ListForCommunity)
            .WithTags("Registration").WithName("ListCommunityRegistrations").ScopedBy(ScopeCheck.Place).WithSummary("社区报到列表（按状态筛选；format=xlsx 导出全部）")
            .RequireAuthorization()
            .ExportsXlsx<RegistrationDto>()
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
        RegistrationInput input,
        RegistrationReader reader,
        WorkUnitNotices notices,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await db.Registrations.AnyAsync(r => r.UserId == caller.UserId, cancellationToken))
        {
            return AlreadyRegistered();
        }

        var details = RegistrationInput.Details(request);
        if (await input.CheckReferencesAsync(details, cancellationToken) is { } errors)
        {
            return Problems.Validation(errors);
        }

        var names = await NamesAsync(db, null, details, cancellationToken);
        var (registration, effects) = Registration.Submit(caller.UserId, details, await input.MatchAsync(details, cancellationToken), names, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.Registrations.Add(registration);
        db.AddEffects(effects);
        (await db.Users.SingleAsync(u => u.Id == caller.UserId, cancellationToken)).Rename(registration.Name);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return AlreadyRegistered();
        }

        await transaction.CommitAsync(cancellationToken);
        await notices.TellAsync(effects.Feed, cancellationToken);
        return TypedResults.Created("/api/v1/registrations/mine", await reader.LoadAsync(registration.Id, withHistory: true, cancellationToken));
    }

    public static async Task<Results<Ok<RegistrationDto>, ProblemHttpResult>> Mine(
        Caller caller, ZhujiDbContext db, RegistrationReader reader, CancellationToken cancellationToken)
    {
        var id = await db.Registrations.Where(r => r.UserId == caller.UserId).Select(r => (long?)r.Id).SingleOrDefaultAsync(cancellationToken);
        return id is not null && await reader.LoadAsync(id.Value, withHistory: true, cancellationToken) is { } dto
            ? TypedResults.Ok(dto)
            : Problems.NotFound("您尚未报到");
    }

    public static async Task<Results<Ok<RegistrationDto>, ProblemHttpResult>> Change(
        RegistrationRequest request,
        Caller caller,
        ZhujiDbContext db,
        RegistrationInput input,
        RegistrationReader reader,
        WorkUnitNotices notices,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var registration = await db.Registrations.SingleOrDefaultAsync(r => r.UserId == caller.UserId, cancellationToken);
        if (registration is null)
        {
            return Problems.NotFound("您尚未报到");
        }

        var details = RegistrationInput.Details(request);
        if (await input.CheckReferencesAsync(details, cancellationToken) is { } errors)
        {
            return Problems.Validation(errors);
        }

        var member = registration.MemberId is { } memberId ? await db.Members.SingleAsync(m => m.Id == memberId, cancellationToken) : null;
        var names = await NamesAsync(db, registration, details, cancellationToken);
        var effects = registration.Change(details, await input.MatchAsync(details, cancellationToken), member, names, clock.GetUtcNow().UtcDateTime);
        db.AddEffects(effects);
        (await db.Users.SingleAsync(u => u.Id == caller.UserId, cancellationToken)).Rename(registration.Name);
        await db.SaveChangesAsync(cancellationToken);

        await notices.TellAsync(effects.Feed, cancellationToken);
        return TypedResults.Ok((await reader.LoadAsync(registration.Id, withHistory: true, cancellationToken))!);
    }

    public static async Task<Results<Ok<RegistrationDto>, ProblemHttpResult>> Approve(
        long id,
        [AsParameters] AdminServices admin,
        ScopedLoader loader,
        RegistrationReader reader,
        WorkUnitNotices notices,
        CancellationToken cancellationToken)
    {
        var loaded = await PendingToDecideAsync(id, admin.Db, loader, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (registration, db, now) = (loaded.Value, admin.Db, admin.Now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var member = registration.MemberToApprove(registration.MemberId is { } memberId ? await db.Members.SingleAsync(m => m.Id == memberId, cancellationToken) : null, now);
        if (member.Id == 0)
        {
            // His first approval: the member is saved first, for the registration to name him.
            db.Members.Add(member);
            await db.SaveChangesAsync(cancellationToken);
        }

        var effects = registration.Approve(member, admin.Caller.UserId, await NamesAsync(db, registration, null, cancellationToken), now);
        db.AddEffects(effects);
        admin.Audit.Record("RegistrationApproved", "Registration", registration.Id,
            new { status = RegistrationStatus.Pending }, new { status = registration.Status, memberId = member.Id, registration.CommunityId, registration.BlockId });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        admin.Notifier.Notify(Messages.RegistrationDecided(registration, "已通过", "欢迎加入先锋微家", now));
        await notices.TellAsync(effects.Feed, cancellationToken);
        return TypedResults.Ok((await reader.LoadAsync(registration.Id, withHistory: true, cancellationToken))!);
    }

    public static async Task<Ok<BatchResponse>> ApproveBatch(
        RegistrationsBatchRequest request,
        [AsParameters] AdminServices admin,
        ScopedLoader loader,
        RegistrationReader reader,
        WorkUnitNotices notices,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await Batch.RunAsync(admin.Db, request.RegistrationIds!,
            id => Approve(id, admin, loader, reader, notices, cancellationToken), r => r.Status.ToString()));

    public static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> RejectBatch(
        RegistrationsBatchRequest request,
        [AsParameters] AdminServices admin,
        ScopedLoader loader,
        RegistrationReader reader,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return Problems.Validation("reason", "退回原因不能为空");
        }

        return TypedResults.Ok(await Batch.RunAsync(admin.Db, request.RegistrationIds!,
            id => Reject(id, new RejectRequest(request.Reason), admin, loader, reader, cancellationToken), r => r.Status.ToString()));
    }

    public static async Task<Results<Ok<RegistrationDto>, ProblemHttpResult>> Reject(
        long id,
        RejectRequest request,
        [AsParameters] AdminServices admin,
        ScopedLoader loader,
        RegistrationReader reader,
        CancellationToken cancellationToken)
    {
        var loaded = await PendingToDecideAsync(id, admin.Db, loader, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (registration, now) = (loaded.Value, admin.Now);
        var reason = request.Reason!.Trim();
        admin.Db.AddEffects(registration.Reject(reason, admin.Caller.UserId, now));
        admin.Audit.Record("RegistrationRejected", "Registration", registration.Id,
            new { status = RegistrationStatus.Pending }, new { status = registration.Status, reason });
        await admin.Db.SaveChangesAsync(cancellationToken);

        admin.Notifier.Notify(Messages.RegistrationDecided(registration, "已退回", reason, now));
        return TypedResults.Ok((await reader.LoadAsync(registration.Id, withHistory: true, cancellationToken))!);
    }

    /// <summary>A registration the caller may approve or reject: it exists, is his community's (or below his scope), and still pending.</summary>
    private static async Task<Loaded<Registration>> PendingToDecideAsync(long id, ZhujiDbContext db, ScopedLoader loader, CancellationToken cancellationToken)
    {
        var loaded = await loader.InCommunityAsync(await db.Registrations.SingleOrDefaultAsync(r => r.Id == id, cancellationToken), r => r.CommunityId,
            "报到不存在", "只能审核本社区的报到", cancellationToken);
        return !loaded.Found || loaded.Value.Status == RegistrationStatus.Pending ? loaded : Problems.InvalidState(Registration.AlreadyDecided);
    }

    /// <summary>The names of the places a registration is, and is going to be, at.</summary>
    private static Task<PlaceNames> NamesAsync(ZhujiDbContext db, Registration? current, RegistrationDetails? next, CancellationToken cancellationToken) =>
        db.PlaceNamesAsync(
            new[] { current?.CommunityId, next?.Address.CommunityId }.OfType<long>(),
            new[] { current?.BlockId, next?.Address.BlockId }.OfType<long>(),
            [current?.WorkUnitId, next?.WorkUnitId],
            cancellationToken);

    public static async Task<Results<Ok<Page<RegistrationDto>>, FileContentHttpResult, ProblemHttpResult>> ListForCommunity(
        long id,
        RegistrationStatus? status,
        string? q,
        [AsParameters] ExportQuery list,
        ScopedLoader loader,
        ZhujiDbContext db,
        RegistrationReader reader,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var xlsx = list.Xlsx;

        if (q is { Length: > 20 })
        {
            return Problems.Validation("q", SearchTerm.TooLong);
        }

        var paging = await loader.CommunityPageAsync(id, list.Page, "只能查看本社区的报到", cancellationToken);
        if (!paging.Found)
        {
            return paging.Refusal;
        }

        var query = db.Registrations.AsNoTracking().Where(r => r.CommunityId == id);
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            var phone = PhoneNumber.Normalize(term);
            query = query.Where(phone != null ? r => r.Phone == phone : r => r.Name.Contains(term));
        }

        async Task<Page<RegistrationDto>> Fetch(PageRequest page)
        {
            var registrations = query.After(page, r => r.Id);
            var rows = await reader.Project(registrations.OrderBy(r => r.Id).Take(page.Fetch)).ToListAsync(cancellationToken);
            return page.ToPage(rows.OrderBy(r => r.Registration.Id).Select(r => RegistrationReader.ToDto(r, null)).ToList(), r => r.Id);
        }

        if (xlsx)
        {
            var community = await db.Communities.Where(c => c.Id == id).Select(c => c.Name).SingleAsync(cancellationToken);
            return await XlsxExport.AllAsync(Fetch, $"{community}党员报到名单", $"{community}-报到",
            [
                new("姓名", r => r.Name), ExportColumn<RegistrationDto>.Phone(r => r.Phone), new("类别", r => Labels.Of(r.MemberType)),
                new("单位", r => r.WorkUnitName ?? "—"), new("小区", r => r.BlockName), new("住址", r => $"{r.Building}{r.Unit}{r.Room}"),
                new("状态", r => Labels.Of(r.Status)), new("提交时间", r => ShanghaiTime.Describe(r.SubmittedAt)), new("退回原因", r => r.RejectReason),
            ], clock.GetUtcNow().UtcDateTime, unmaskedPhones: list.UnmaskedPhones);
        }

        return TypedResults.Ok(await Fetch(paging.Value));
    }

    public static async Task<Results<Ok<Page<WorkUnitChangeDto>>, ProblemHttpResult>> WorkUnitChanges(
        long id,
        DateTimeOffset? since,
        [AsParameters] ListQuery list,
        ScopedLoader loader,
        ZhujiDbContext db,
        IMapper mapper,
        CancellationToken cancellationToken)
    {
        var page = list.Page;

        if (await loader.WorkUnitAsync(id, "只能查看本单位的变动", cancellationToken) is { } refused)
        {
            return refused;
        }

        var query = db.WorkUnitChanges.AsNoTracking().Where(c => c.WorkUnitId == id);
        if (since is { } from)
        {
            var fromUtc = from.UtcDateTime;
            query = query.Where(c => c.At >= fromUtc);
        }

        query = query.After(page, c => c.Id);

        var items = await query.OrderBy(c => c.Id).Take(page.Fetch).ProjectTo<WorkUnitChangeDto>(mapper.ConfigurationProvider).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(items, c => c.Id));
    }

    private static ProblemHttpResult AlreadyRegistered() =>
        Problems.Conflict("您已报到，如需变更请修改报到信息", ErrorCodes.RegistrationExists);
}
