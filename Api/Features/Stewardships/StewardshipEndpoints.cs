using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Http;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Stewardships;

public sealed record ApplyStewardshipRequest(string? BlockId, string? Target, StewardshipKind? Kind);

public sealed record RejectStewardshipRequest(string? Reason);

public sealed record AwardStewardshipRequest(int? Flags, string? Reason = null);

public sealed record StewardshipSettingsRequest(int? StewardsPerTarget);

public sealed record StewardshipSettingsDto(string CommunityId, int StewardsPerTarget);

public sealed record StewardshipDto(
    string Id,
    string MemberId,
    string MemberName,
    string CommunityId,
    string BlockId,
    string Target,
    StewardshipKind Kind,
    int Year,
    StewardshipStatus Status,
    DateTime AppliedAt,
    DateTime? DecidedAt,
    string? RejectReason);

internal sealed class ApplyStewardshipRequestValidator : AbstractValidator<ApplyStewardshipRequest>
{
    public ApplyStewardshipRequestValidator()
    {
        RuleFor(r => r.BlockId).RequiredId("小区");
        RuleFor(r => r.Target).RequiredText("认管对象", Stewardship.MaxTarget);
        RuleFor(r => r.Kind).RequiredEnum("红管家类型");
    }
}

internal sealed class RejectStewardshipRequestValidator : AbstractValidator<RejectStewardshipRequest>
{
    public RejectStewardshipRequestValidator() => RuleFor(r => r.Reason).RequiredText("不通过原因", 200);
}

internal sealed class AwardStewardshipRequestValidator : AbstractValidator<AwardStewardshipRequest>
{
    public AwardStewardshipRequestValidator()
    {
        RuleFor(r => r.Flags).NotNull().WithMessage("旗数不能为空")
            .InclusiveBetween(VolunteerTask.MinFlags, VolunteerTask.MaxFlags).WithMessage(FlagEntry.FlagsRange);
        RuleFor(r => r.Reason).OptionalText("更正理由", 200);
    }
}

internal sealed class StewardshipSettingsRequestValidator : AbstractValidator<StewardshipSettingsRequest>
{
    public StewardshipSettingsRequestValidator() =>
        RuleFor(r => r.StewardsPerTarget).NotNull().WithMessage("人数不能为空");
}

/// <summary>
/// Red stewards (红管家) of stairwells and facilities: a member applies, the community or block approves,
/// one active steward per target (unless the community allows more), for the calendar year.
/// </summary>
public static class StewardshipEndpoints
{
    public static RouteGroupBuilder MapStewardships(this RouteGroupBuilder api)
    {
        var stewardships = api.MapGroup("/stewardships").WithTags("Stewardships").RequireAuthorization();
        stewardships.MapPost("/", Apply)
            .WithName("ApplyStewardship").ScopedBy(ScopeCheck.Self).WithSummary("申请担任红管家（本年度）")
            .RequireMember()
            .Validate<ApplyStewardshipRequest>().Idempotent()
            .ProducesProblem(403).ProducesProblem(409);
        stewardships.MapGet("/", List)
            .WithName("ListStewardships").ScopedBy(ScopeCheck.Place).WithSummary("社区或小区的红管家").ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        stewardships.MapPost("/{id:long}/approve", Approve)
            .WithName("ApproveStewardship").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("审核通过红管家申请")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        stewardships.MapPost("/{id:long}/reject", Reject)
            .WithName("RejectStewardship").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("不通过红管家申请")
            .Validate<RejectStewardshipRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        stewardships.MapPost("/{id:long}/award", Award)
            .WithName("AwardStewardship").ScopedBy(ScopeCheck.Place).WithSummary("为红管家年度服务亮旗（每年一次）")
            .Validate<AwardStewardshipRequest>()
            .Idempotent()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/me/stewardships", Mine)
            .WithTags("Stewardships").WithName("ListMyStewardships").ScopedBy(ScopeCheck.Self).WithSummary("我的红管家申请").RequireAuthorization().ProducesProblem(400);
        api.MapPut("/communities/{id:long}/stewardship-settings", Settings)
            .WithTags("Stewardships").WithName("SetStewardshipSettings").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("设置每处可有几名红管家")
            .RequireAuthorization()
            .Validate<StewardshipSettingsRequest>()
            .ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<StewardshipDto>, ProblemHttpResult>> Apply(
        ApplyStewardshipRequest request, CallerMember me, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var member = me.Scope;
        var blockId = Ids.ParseOrNull(request.BlockId)!.Value;
        var kind = request.Kind!.Value;
        var blockCommunity = await db.Blocks.Where(b => b.Id == blockId).Select(b => (long?)b.CommunityId).SingleOrDefaultAsync(cancellationToken);
        if (blockCommunity is null)
        {
            return Problems.Validation("blockId", "小区不存在");
        }

        var stewardship = Stewardship.Apply(member.Id, member.CommunityId, member.BlockId, blockId, blockCommunity.Value, request.Target!, kind, clock.GetUtcNow().UtcDateTime);
        db.Stewardships.Add(stewardship);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return Problems.Conflict("您已申请认管该处");
        }

        return TypedResults.Created($"/api/v1/stewardships/{stewardship.Id}", ToDto(stewardship, member.Name));
    }

    public static async Task<Results<Ok<Page<StewardshipDto>>, ProblemHttpResult>> List(
        string? communityId,
        string? blockId,
        StewardshipStatus? status,
        int? year,
        [AsParameters] ListQuery list,
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        CancellationToken cancellationToken)
    {
        var page = list.Page;

        if (Years.Read(year, 0) is { Found: false } badYear)
        {
            return badYear.Refusal;
        }

        var block = Ids.ParseOrNull(blockId);
        var community = Ids.ParseOrNull(communityId);
        if (block is null && community is null)
        {
            return Problems.Validation("communityId", "请指定社区或小区");
        }

        var place = block is { } b ? await places.BlockAsync(b, cancellationToken) : await places.CommunityAsync(community!.Value, cancellationToken);
        if (place is null)
        {
            return Problems.NotFound("社区或小区不存在");
        }

        if (!caller.Administers(place))
        {
            return Problems.Forbidden("只能查看本人管辖范围的红管家");
        }

        var query = db.Stewardships.AsNoTracking().Where(s => s.CommunityId == place.CommunityId);
        if (block is not null)
        {
            query = query.Where(s => s.BlockId == block);
        }

        if (status is not null)
        {
            query = query.Where(s => s.Status == status);
        }

        if (year is not null)
        {
            query = query.Where(s => s.Year == year);
        }

        query = query.After(page, s => s.Id);

        var rows = await (from s in query
                          join m in db.Members on s.MemberId equals m.Id
                          orderby s.Id
                          select new { Stewardship = s, m.Name }).Take(page.Fetch).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows.Select(r => ToDto(r.Stewardship, r.Name)).ToList(), s => s.Id));
    }

    public static async Task<Results<Ok<Page<StewardshipDto>>, ProblemHttpResult>> Mine(
        [AsParameters] ListQuery list, CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;

        if (await me.GetAsync(cancellationToken) is not { } member)
        {
            return TypedResults.Ok(new Page<StewardshipDto>([], null));
        }

        var query = db.Stewardships.AsNoTracking().Where(s => s.MemberId == member.Id);
        query = query.Before(page, s => s.Id);

        var rows = await query.OrderByDescending(s => s.Id).Take(page.Fetch).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows.Select(s => ToDto(s, member.Name)).ToList(), s => s.Id));
    }

    public static async Task<Results<Ok<StewardshipDto>, ProblemHttpResult>> Approve(
        long id, [AsParameters] AdminServices admin, ScopedLoader loader, CancellationToken cancellationToken)
    {
        var loaded = await ToDecideAsync(id, admin.Db, loader, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (stewardship, db) = (loaded.Value, admin.Db);
        var seats = await db.Communities.Where(c => c.Id == stewardship.CommunityId).Select(c => c.StewardsPerTarget).SingleAsync(cancellationToken);
        var taken = await db.Stewardships
            .Where(s => s.BlockId == stewardship.BlockId && s.Target == stewardship.Target && s.Year == stewardship.Year && s.Seat != null)
            .Select(s => s.Seat!.Value).ToListAsync(cancellationToken);
        var seat = stewardship.Approve(taken, seats, await UserOfAsync(db, stewardship, cancellationToken), admin.Caller.UserId, admin.Now);
        admin.Audit.Record("StewardshipApproved", "Stewardship", id, new { status = StewardshipStatus.Pending }, new { status = stewardship.Status, stewardship.Target, seat });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e))
        {
            // Another approval took the seat (or this application) at the same moment.
            return Problems.Conflict(Stewardship.TargetTaken(1));
        }

        return TypedResults.Ok(ToDto(stewardship, await NameAsync(db, stewardship, cancellationToken)));
    }

    public static async Task<Results<Ok<StewardshipDto>, ProblemHttpResult>> Reject(
        long id, RejectStewardshipRequest request, [AsParameters] AdminServices admin, ScopedLoader loader, CancellationToken cancellationToken)
    {
        var loaded = await ToDecideAsync(id, admin.Db, loader, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var stewardship = loaded.Value;
        var reason = request.Reason!.Trim();
        stewardship.Reject(reason, await UserOfAsync(admin.Db, stewardship, cancellationToken), admin.Caller.UserId, admin.Now);
        admin.Audit.Record("StewardshipRejected", "Stewardship", id, new { status = StewardshipStatus.Pending }, new { status = stewardship.Status, reason });
        await admin.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToDto(stewardship, await NameAsync(admin.Db, stewardship, cancellationToken)));
    }

    /// <summary>An application the caller may approve or reject: an admin of its block (or its community, or above).</summary>
    private static async Task<Loaded<Stewardship>> ToDecideAsync(long id, ZhujiDbContext db, ScopedLoader loader, CancellationToken cancellationToken) =>
        await loader.InBlockAsync(await db.Stewardships.SingleOrDefaultAsync(s => s.Id == id, cancellationToken), s => s.BlockId,
            "申请不存在", "只有社区或小区管理员可以审核", cancellationToken);

    public static async Task<Results<Ok<FlagEntryDto>, ProblemHttpResult>> Award(
        long id, AwardStewardshipRequest request, [AsParameters] AdminServices admin, ScopedLoader loader, LedgerPeriods periods, CancellationToken cancellationToken)
    {
        var loaded = await loader.InCommunityAsync(await admin.Db.Stewardships.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken),
            s => s.CommunityId, "红管家不存在", "只有社区管理员可以为红管家亮旗", cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (stewardship, db, now) = (loaded.Value, admin.Db, admin.Now);
        var member = await db.Members.Where(m => m.Id == stewardship.MemberId).Select(m => new { m.CommunityId, m.UserId }).SingleAsync(cancellationToken);
        var entry = FlagEntry.Award(stewardship.Award(request.Flags!.Value, member.CommunityId, member.UserId, admin.Caller.UserId, now), admin.Caller.UserId, now);
        var period = await periods.CheckAsync(entry.ServedAt, now, request.Reason, cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.FlagEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return Problems.InvalidState("该红管家本年度已亮旗");
        }

        admin.Audit.Record("StewardshipAwarded", "Stewardship", id, null, new { flags = entry.Flags, flagEntryId = entry.Id, year = stewardship.Year });
        await db.SaveChangesAsync(cancellationToken);
        await periods.AfterAsync(period, entry.ServedAt, request.Reason, "StewardshipAwarded", stewardship.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(FlagMapping.ToDto(entry));
    }

    public static async Task<Results<Ok<StewardshipSettingsDto>, ProblemHttpResult>> Settings(
        long id, StewardshipSettingsRequest request, ScopedLoader loader, ZhujiDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var loaded = await loader.InCommunityAsync(await db.Communities.SingleOrDefaultAsync(c => c.Id == id, cancellationToken), c => c.Id,
            "社区不存在", "只能设置本社区", cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var community = loaded.Value;
        var before = community.StewardsPerTarget;
        community.AllowStewardsPerTarget(request.StewardsPerTarget!.Value);
        audit.Record("StewardshipSettingsChanged", "Community", id, new { stewardsPerTarget = before }, new { stewardsPerTarget = community.StewardsPerTarget });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new StewardshipSettingsDto(Ids.Format(id), community.StewardsPerTarget));
    }

    private static Task<long> UserOfAsync(ZhujiDbContext db, Stewardship stewardship, CancellationToken cancellationToken) =>
        db.Members.Where(m => m.Id == stewardship.MemberId).Select(m => m.UserId).SingleAsync(cancellationToken);

    private static Task<string> NameAsync(ZhujiDbContext db, Stewardship stewardship, CancellationToken cancellationToken) =>
        db.Members.Where(m => m.Id == stewardship.MemberId).Select(m => m.Name).SingleAsync(cancellationToken);

    public static StewardshipDto ToDto(Stewardship s, string memberName) => new(
        Ids.Format(s.Id), Ids.Format(s.MemberId), memberName, Ids.Format(s.CommunityId), Ids.Format(s.BlockId), s.Target, s.Kind, s.Year, s.Status,
        s.AppliedAt, s.DecidedAt, s.RejectReason);
}
