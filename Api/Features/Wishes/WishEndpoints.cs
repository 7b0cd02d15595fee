using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Features.Content;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Wishes;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Wishes;

public sealed record SubmitWishRequest(string? CommunityId, string? Title, string? Description, string? ContactName, string? ContactPhone, WishChannel? Channel);

public sealed record PublishWishRequest(int? Slots, int? Flags, DateTime? StartsAt, DateTime? EndsAt, string? Location);

public sealed record DeclineWishRequest(string? Reason);

public sealed record WishFeedbackRequest(int? Rating, string? Comment);

/// <summary>A wish; its contact details are null for anyone but the resident, the community's admins and the member who took it.</summary>
public sealed record WishDto(
    string Id,
    string CommunityId,
    string Title,
    string Description,
    string? ContactName,
    string? ContactPhone,
    WishChannel Channel,
    WishStatus Status,
    bool NeedsReview,
    string? DeclineReason,
    string? TaskId,
    DateTime SubmittedAt,
    DateTime? FulfilledAt,
    int? Rating,
    string? FeedbackComment);

internal sealed class SubmitWishRequestValidator : AbstractValidator<SubmitWishRequest>
{
    public SubmitWishRequestValidator()
    {
        RuleFor(r => r.CommunityId).RequiredId("社区");
        RuleFor(r => r.Title).RequiredText("心愿标题", Wish.MaxTitle);
        RuleFor(r => r.Description).RequiredText("心愿内容", Wish.MaxDescription);
        RuleFor(r => r.ContactName).RequiredText("联系人", 20);
        RuleFor(r => r.ContactPhone).Must(p => p is not null && p.Length <= 20 && p.Count(char.IsAsciiDigit) >= 7 && p.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '+'))
            .WithMessage("请填写正确的联系电话");
        RuleFor(r => r.Channel).RequiredEnum("来源渠道");
    }
}

internal sealed class PublishWishRequestValidator : AbstractValidator<PublishWishRequest>
{
    public PublishWishRequestValidator()
    {
        RuleFor(r => r.Slots).NotNull().WithMessage("所需人数不能为空");
        RuleFor(r => r.Flags).NotNull().WithMessage("可获得旗数不能为空");
        RuleFor(r => r.StartsAt).NotNull().WithMessage("开始时间不能为空");
        RuleFor(r => r.EndsAt).NotNull().WithMessage("结束时间不能为空");
        RuleFor(r => r.Location).OptionalText("地点", 100);
    }
}

internal sealed class DeclineWishRequestValidator : AbstractValidator<DeclineWishRequest>
{
    public DeclineWishRequestValidator() => RuleFor(r => r.Reason).RequiredText("婉拒原因", 200);
}

internal sealed class WishFeedbackRequestValidator : AbstractValidator<WishFeedbackRequest>
{
    public WishFeedbackRequestValidator()
    {
        RuleFor(r => r.Rating).NotNull().WithMessage("评分不能为空");
        RuleFor(r => r.Comment).OptionalText("评价", 200);
    }
}

/// <summary>
/// Micro-wishes (微心愿): residents order, the community publishes them as MicroWish tasks, members take
/// them; a confirmed claim fulfils the wish and the resident rates it once.
/// </summary>
public static class WishEndpoints
{
    public static RouteGroupBuilder MapWishes(this RouteGroupBuilder api)
    {
        var wishes = api.MapGroup("/wishes").WithTags("Wishes").RequireAuthorization();
        wishes.MapPost("/", Submit)
            .WithName("SubmitWish").ScopedBy(ScopeCheck.Self).WithSummary("提交微心愿（居民本人，或社区代为录入电话、微信群、走访收集的心愿）")
            .Validate<SubmitWishRequest>().Idempotent()
            .ProducesProblem(429)
            .ProducesProblem(403).ProducesProblem(404);
        wishes.MapGet("/mine", Mine)
            .WithName("ListMyWishes").ScopedBy(ScopeCheck.Self).WithSummary("我的微心愿及其进展").ProducesProblem(400);
        wishes.MapGet("/{id:long}", Get)
            .WithName("GetWish").ScopedBy(ScopeCheck.Member).WithSummary("微心愿详情（联系方式仅本人、社区管理员与认领党员可见）").ProducesProblem(404);
        wishes.MapPost("/{id:long}/publish", Publish)
            .WithName("PublishWish").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("社区下单：把心愿发布为微心愿任务")
            .Validate<PublishWishRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        wishes.MapPost("/{id:long}/decline", Decline)
            .WithName("DeclineWish").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("婉拒心愿并说明原因")
            .Validate<DeclineWishRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        wishes.MapPost("/{id:long}/feedback", Feedback)
            .WithName("WishFeedback").Idempotent().ScopedBy(ScopeCheck.Self).WithSummary("居民评价已实现的心愿（一次）")
            .Validate<WishFeedbackRequest>()
            .ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/communities/{id:long}/wishes", ListForCommunity)
            .WithTags("Wishes").WithName("ListCommunityWishes").ScopedBy(ScopeCheck.Place).WithSummary("社区的微心愿（按状态筛选）")
            .RequireAuthorization()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<WishDto>, ProblemHttpResult>> Submit(
        SubmitWishRequest request,
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        ContentGuard content,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var communityId = Ids.ParseOrNull(request.CommunityId)!.Value;
        if (await places.CommunityAsync(communityId, cancellationToken) is not { } place)
        {
            return Problems.Validation("communityId", "社区不存在");
        }

        var channel = request.Channel!.Value;
        var enteredByAdmin = caller.Administers(place);
        var residentUserId = Wish.ResidentOf(channel, caller.UserId, enteredByAdmin);

        var title = request.Title!.Trim();
        var description = request.Description!.Trim();
        var check = await content.CheckAsync(caller.UserId, $"{title}\n{description}", cancellationToken);
        if (check == ContentCheck.Risky)
        {
            return Problems.Validation("description", "内容含有不适宜公开的信息，请修改后再提交");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var wish = new Wish(communityId, title, description, request.ContactName!.Trim(), request.ContactPhone!.Trim(), channel,
            caller.UserId, residentUserId, check == ContentCheck.NeedsReview, now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (residentUserId is { } resident && !await db.TryTakeAsync(Wish.DailyQuota(resident, now), now, cancellationToken))
        {
            return Problems.TooManyRequests($"每天最多提交 {Wish.PerResidentPerDay} 个微心愿，请明天再来");
        }

        db.Wishes.Add(wish);
        if (residentUserId is null)
        {
            audit.RecordFor("WishEntered", "Wish", wish, null, new { communityId, channel, title });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/wishes/{wish.Id}", ToDto(wish, showContact: true));
    }

    public static async Task<Results<Ok<Page<WishDto>>, ProblemHttpResult>> Mine(
        [AsParameters] ListQuery list, Caller caller, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;

        var query = db.Wishes.AsNoTracking().Where(w => w.ResidentUserId == caller.UserId);
        query = query.Before(page, w => w.Id);

        var rows = await query.OrderByDescending(w => w.Id).Take(page.Fetch).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows.Select(w => ToDto(w, showContact: true)).ToList(), w => w.Id));
    }

    public static async Task<Results<Ok<WishDto>, ProblemHttpResult>> Get(
        long id, Caller caller, CallerMember me, PlaceDirectory places, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var wish = await db.Wishes.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (wish is null)
        {
            return Problems.NotFound("心愿不存在");
        }

        var isAdmin = await places.CommunityAsync(wish.CommunityId, cancellationToken) is { } place && caller.Administers(place);
        var member = await me.GetAsync(cancellationToken);
        var tookIt = member is not null && wish.TaskId is { } taskId &&
                     await db.Claims.Where(Claim.Stands).AnyAsync(c => c.TaskId == taskId && c.MemberId == member.Id, cancellationToken);
        return wish.AccessFor(caller.UserId, isAdmin, tookIt, member?.CommunityId) switch
        {
            WishAccess.None => Problems.NotFound("心愿不存在"),
            var access => TypedResults.Ok(ToDto(wish, showContact: access == WishAccess.WithContact)),
        };
    }

    public static async Task<Results<Ok<Page<WishDto>>, ProblemHttpResult>> ListForCommunity(
        long id, WishStatus? status, [AsParameters] ListQuery list, ScopedLoader loader, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var paging = await loader.CommunityPageAsync(id, list.Page, "只能查看本社区的心愿", cancellationToken);
        if (!paging.Found)
        {
            return paging.Refusal;
        }

        var page = paging.Value;
        var query = db.Wishes.AsNoTracking().Where(w => w.CommunityId == id);
        if (status is not null)
        {
            query = query.Where(w => w.Status == status);
        }

        query = query.After(page, w => w.Id);

        var rows = await query.OrderBy(w => w.Id).Take(page.Fetch).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows.Select(w => ToDto(w, showContact: true)).ToList(), w => w.Id));
    }

    public static async Task<Results<Created<TaskDto>, ProblemHttpResult>> Publish(
        long id, PublishWishRequest request, [AsParameters] AdminServices admin, ScopedLoader loader, CancellationToken cancellationToken)
    {
        var loaded = await ToHandleAsync(id, admin.Db, loader, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (wish, db, now) = (loaded.Value, admin.Db, admin.Now);
        var task = VolunteerTask.Publish(
            wish.PlanTask(request.Slots!.Value, request.Flags!.Value, request.StartsAt!.Value, request.EndsAt!.Value, request.Location),
            admin.Caller.UserId, now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        wish.Published(task.Id, now);
        admin.Audit.Record("WishPublished", "Wish", wish.Id, new { status = WishStatus.Submitted }, new { status = wish.Status, taskId = task.Id, task.Slots, task.Flags });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        admin.Notifier.Tell(Messages.WishUpdated(wish, "已发布，等待党员认领", wish.Title, now));
        return TypedResults.Created($"/api/v1/tasks/{task.Id}", TaskMapping.ToDto(task, task.Shifts, null, now));
    }

    /// <summary>A wish the caller may publish or decline: an admin of its community (or its street, or the city).</summary>
    private static async Task<Loaded<Wish>> ToHandleAsync(long id, ZhujiDbContext db, ScopedLoader loader, CancellationToken cancellationToken) =>
        await loader.InCommunityAsync(await db.Wishes.SingleOrDefaultAsync(w => w.Id == id, cancellationToken), w => w.CommunityId,
            "心愿不存在", "只能处理本社区的心愿", cancellationToken);

    public static async Task<Results<Ok<WishDto>, ProblemHttpResult>> Decline(
        long id, DeclineWishRequest request, [AsParameters] AdminServices admin, ScopedLoader loader, CancellationToken cancellationToken)
    {
        var loaded = await ToHandleAsync(id, admin.Db, loader, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (wish, now) = (loaded.Value, admin.Now);
        var reason = request.Reason!.Trim();
        wish.Decline(reason, now);
        admin.Audit.Record("WishDeclined", "Wish", wish.Id, new { status = WishStatus.Submitted }, new { status = wish.Status, reason });
        await admin.Db.SaveChangesAsync(cancellationToken);
        admin.Notifier.Tell(Messages.WishUpdated(wish, "未能受理", reason, now));
        return TypedResults.Ok(ToDto(wish, showContact: true));
    }

    public static async Task<Results<Ok<WishDto>, ProblemHttpResult>> Feedback(
        long id, WishFeedbackRequest request, Caller caller, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var wish = await db.Wishes.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (wish is null || wish.ResidentUserId != caller.UserId)
        {
            return Problems.NotFound("心愿不存在");
        }

        wish.Feedback(request.Rating!.Value, string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(), clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.InvalidState(Wish.AlreadyRated);
        }

        return TypedResults.Ok(ToDto(wish, showContact: true));
    }

    public static WishDto ToDto(Wish w, bool showContact) => new(
        Ids.Format(w.Id), Ids.Format(w.CommunityId), w.Title, w.Description,
        showContact ? w.ContactName : null, showContact ? w.ContactPhone : null,
        w.Channel, w.Status, w.NeedsReview, w.DeclineReason, Ids.Format(w.TaskId), w.SubmittedAt, w.FulfilledAt, w.Rating, w.FeedbackComment);
}
