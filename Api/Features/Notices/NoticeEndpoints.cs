using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Notices;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Notices;

/// <summary>Exactly one of <c>taskId</c> (the members holding places on it), <c>communityId</c> or <c>helpGroupId</c>.</summary>
public sealed record NoticeAudienceRequest(string? TaskId, string? CommunityId, string? HelpGroupId);

public sealed record PublishNoticeRequest(string? Title, string? Body, NoticeAudienceRequest? Audience);

/// <summary>A notice as its admins see it: to whom, how many it reached and how many have read it.</summary>
public sealed record NoticeDto(string Id, string Title, string Body, NoticeAudience Audience, string AudienceId, string AudienceName, int Recipients, int Read, DateTime PublishedAt);

/// <summary>A notice as the member sees it: from whom (the task, community or help group), and whether he has read it.</summary>
public sealed record MyNoticeDto(string Id, string Title, string Body, string From, DateTime PublishedAt, bool Read, DateTime? ReadAt);

/// <summary>One member a notice reached (phone masked outside the caller's scope), and when he read it.</summary>
public sealed record NoticeRecipientDto(string MemberId, string Name, string Phone, DateTime? ReadAt);

internal sealed class PublishNoticeRequestValidator : AbstractValidator<PublishNoticeRequest>
{
    public PublishNoticeRequestValidator()
    {
        RuleFor(r => r.Title).RequiredText("标题", Notice.MaxTitle);
        RuleFor(r => r.Body).RequiredText("正文", Notice.MaxBody);
        RuleFor(r => r.Audience).NotNull().WithMessage("请选择通知对象");
        RuleFor(r => r.Audience!).Must(a => new[] { a.TaskId, a.CommunityId, a.HelpGroupId }.Count(x => x is not null) == 1)
            .When(r => r.Audience is not null).WithMessage("通知对象须为一个任务、一个社区或一个帮帮团");
        RuleFor(r => r.Audience!.TaskId).OptionalId("任务").When(r => r.Audience is not null);
        RuleFor(r => r.Audience!.CommunityId).OptionalId("社区").When(r => r.Audience is not null);
        RuleFor(r => r.Audience!.HelpGroupId).OptionalId("帮帮团").When(r => r.Audience is not null);
    }
}

/// <summary>通知: admins write to the people of a task, a community or a help group; members read them; admins see who has.</summary>
public static class NoticeEndpoints
{
    public static RouteGroupBuilder MapNotices(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Notices").RequireAuthorization();
        group.MapPost("/notices", Publish)
            .WithName("PublishNotice").ScopedBy(ScopeCheck.Place).WithSummary("发通知：给任务的认领党员、社区党员或帮帮团成员（本人管理范围内），并发订阅消息")
            .Validate<PublishNoticeRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/notices", List)
            .WithName("ListNotices").ScopedBy(ScopeCheck.Place).WithSummary("已发通知（本人管理范围内，最新在前），含已读人数")
            .ProducesProblem(400).ProducesProblem(403);
        group.MapGet("/notices/{id:long}", Get)
            .WithName("GetNotice").ScopedBy(ScopeCheck.Place).WithSummary("通知详情：发送人数与已读人数")
            .ProducesProblem(403).ProducesProblem(404);
        group.MapGet("/notices/{id:long}/recipients", Recipients)
            .WithName("ListNoticeRecipients").ScopedBy(ScopeCheck.Place).WithSummary("通知的接收人与阅读时间（未读的在前）")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        group.MapGet("/me/notices", Mine)
            .WithName("ListMyNotices").ScopedBy(ScopeCheck.Self).WithSummary("我的通知（最新在前，含是否已读）")
            .RequireMember()
            .ProducesProblem(400).ProducesProblem(403);
        group.MapPost("/notices/{id:long}/read", Read)
            .WithName("ReadNotice").ScopedBy(ScopeCheck.Self).WithSummary("标记通知已读")
            .RequireMember()
            .ProducesProblem(404);
        return api;
    }

    private sealed record Audience(NoticeAudience Kind, long Id, long? CommunityId, string Name, IQueryable<long> MemberIds);

    public static async Task<Results<Created<NoticeDto>, ProblemHttpResult>> Publish(
        PublishNoticeRequest request, [AsParameters] AdminServices admin, TaskAccess access, ScopedLoader loader, CancellationToken cancellationToken)
    {
        var resolved = await AudienceAsync(request.Audience!, admin, access, loader, cancellationToken);
        if (!resolved.Found)
        {
            return resolved.Refusal;
        }

        var (audience, db) = (resolved.Value, admin.Db);
        var people = await (from m in db.Members.AsNoTracking()
                            where audience.MemberIds.Contains(m.Id)
                            select new { m.Id, m.UserId }).ToListAsync(cancellationToken);
        var notice = Notice.Publish(request.Title!, request.Body!, audience.Kind, audience.Id, audience.CommunityId, people.Count, admin.Caller.UserId, admin.Now);
        await using (var transaction = await db.BeginWriteAsync(cancellationToken))
        {
            db.Notices.Add(notice);
            await db.SaveChangesAsync(cancellationToken);
            db.NoticeRecipients.AddRange(people.Select(p => new NoticeRecipient(notice.Id, p.Id, p.UserId)));
            admin.Audit.RecordFor("NoticePublished", "Notice", notice, null, new { notice.Title, audience = audience.Kind, audienceName = audience.Name, recipients = people.Count });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        admin.Notifier.Tell(Messages.NoticePublished(notice, people.Select(p => p.UserId).ToArray(), audience.Name));
        return TypedResults.Created($"/api/v1/notices/{notice.Id}", ToDto(notice, audience.Name, 0));
    }

    public static async Task<Results<Ok<Page<NoticeDto>>, ProblemHttpResult>> List(
        [AsParameters] ListQuery list, Caller caller, ScopeQueries scopes, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;
        var notices = db.Notices.AsNoTracking();
        if (!caller.IsCityAdmin)
        {
            var communities = await scopes.CommunitiesAsync(cancellationToken);
            if (communities.Count == 0 && scopes.Blocks.Count == 0)
            {
                return Problems.Forbidden("只有管理员可以查看已发通知");
            }

            var me = caller.UserId;
            notices = notices.Where(n => n.PublishedByUserId == me || (n.CommunityId != null && communities.Contains(n.CommunityId.Value)));
        }

        notices = notices.Before(page, n => n.Id);

        var rows = await notices.OrderByDescending(n => n.Id).Take(page.Fetch)
            .Select(n => new { Notice = n, Read = db.NoticeRecipients.Count(r => r.NoticeId == n.Id && r.ReadAt != null) }).ToListAsync(cancellationToken);
        var names = await AudienceNamesAsync(db, rows.Select(r => r.Notice).ToList(), cancellationToken);
        return TypedResults.Ok(page.ToPage(rows.Select(r => ToDto(r.Notice, names[r.Notice.Id], r.Read)).ToList(), n => n.Id));
    }

    public static async Task<Results<Ok<NoticeDto>, ProblemHttpResult>> Get(long id, Caller caller, ScopeQueries scopes, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var loaded = await VisibleAsync(id, caller, scopes, db, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var notice = loaded.Value;
        var read = await db.NoticeRecipients.CountAsync(r => r.NoticeId == id && r.ReadAt != null, cancellationToken);
        var names = await AudienceNamesAsync(db, [notice], cancellationToken);
        return TypedResults.Ok(ToDto(notice, names[notice.Id], read));
    }

    public static async Task<Results<Ok<Page<NoticeRecipientDto>>, ProblemHttpResult>> Recipients(
        long id, [AsParameters] ListQuery list, Caller caller, ScopeQueries scopes, PlaceDirectory places, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var loaded = await VisibleAsync(id, caller, scopes, db, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var page = list.Page;
        var recipients = db.NoticeRecipients.AsNoTracking().Where(r => r.NoticeId == id);
        recipients = recipients.After(page, r => r.Id);

        var rows = await (from r in recipients.OrderBy(r => r.Id).Take(page.Fetch)
                          join m in db.Members on r.MemberId equals m.Id
                          select new { r.Id, r.MemberId, r.ReadAt, m.Name, m.Phone, m.CommunityId, m.BlockId, m.WorkUnitId }).ToListAsync(cancellationToken);
        var items = new List<(long Id, NoticeRecipientDto Dto)>();
        foreach (var r in rows)
        {
            var street = (await places.CommunityAsync(r.CommunityId, cancellationToken))?.StreetId;
            var visible = ScopeRules.SeesPersonalData(caller.Grants, new Place(street, r.CommunityId, r.BlockId, r.WorkUnitId));
            items.Add((r.Id, new NoticeRecipientDto(Ids.Format(r.MemberId), r.Name, visible ? r.Phone : PhoneNumber.Mask(r.Phone), r.ReadAt)));
        }

        var paged = page.ToPage(items, i => Ids.Format(i.Id));
        return TypedResults.Ok(new Page<NoticeRecipientDto>(paged.Items.Select(i => i.Dto).ToList(), paged.NextCursor));
    }

    public static async Task<Results<Ok<Page<MyNoticeDto>>, ProblemHttpResult>> Mine([AsParameters] ListQuery list, CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;
        var mine = db.NoticeRecipients.AsNoTracking().Where(r => r.MemberId == me.Scope.Id);
        mine = mine.Before(page, r => r.NoticeId);

        var rows = await (from r in mine.OrderByDescending(r => r.NoticeId).Take(page.Fetch)
                          join n in db.Notices on r.NoticeId equals n.Id
                          select new { Notice = n, r.ReadAt }).ToListAsync(cancellationToken);
        var names = await AudienceNamesAsync(db, rows.Select(r => r.Notice).ToList(), cancellationToken);
        var items = rows.Select(r => new MyNoticeDto(Ids.Format(r.Notice.Id), r.Notice.Title, r.Notice.Body, names[r.Notice.Id], r.Notice.PublishedAt, r.ReadAt is not null, r.ReadAt)).ToList();
        return TypedResults.Ok(page.ToPage(items, n => n.Id));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Read(long id, CallerMember me, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var line = await db.NoticeRecipients.SingleOrDefaultAsync(r => r.NoticeId == id && r.MemberId == me.Scope.Id, cancellationToken);
        if (line is null)
        {
            return Problems.NotFound("通知不存在");
        }

        if (line.Read(clock.GetUtcNow().UtcDateTime))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    /// <summary>The task, community or help group the notice is for, if the caller administers it, and its members.</summary>
    private static async Task<Loaded<Audience>> AudienceAsync(NoticeAudienceRequest request, AdminServices admin, TaskAccess access, ScopedLoader loader, CancellationToken cancellationToken)
    {
        var db = admin.Db;
        if (Ids.ParseOrNull(request.TaskId) is { } taskId)
        {
            var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
            if (task is null)
            {
                return Problems.NotFound("任务不存在");
            }

            if (!await access.AdministersAsync(task, cancellationToken))
            {
                return Problems.Forbidden("只能通知本人管理的任务的党员");
            }

            var holders = db.Claims.Where(Claim.Involved).Where(c => c.TaskId == taskId).Select(c => c.MemberId);
            return new Audience(NoticeAudience.Task, taskId, task.CommunityId, task.Title, holders);
        }

        if (Ids.ParseOrNull(request.CommunityId) is { } communityId)
        {
            if (await loader.CommunityAsync(communityId, "只能通知本人管理的社区的党员", cancellationToken) is { } refused)
            {
                return refused;
            }

            var name = await db.Communities.Where(c => c.Id == communityId).Select(c => c.Name).SingleAsync(cancellationToken);
            return new Audience(NoticeAudience.Community, communityId, communityId, name, db.Members.Where(m => m.CommunityId == communityId).Select(m => m.Id));
        }

        var groupId = Ids.ParseOrNull(request.HelpGroupId)!.Value;
        var group = await db.HelpGroups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == groupId, cancellationToken);
        var owned = await loader.InCommunityAsync(group, g => g.CommunityId, "帮帮团不存在", "只能通知本人管理的社区的帮帮团", cancellationToken);
        if (!owned.Found)
        {
            return owned.Refusal;
        }

        return new Audience(NoticeAudience.HelpGroup, groupId, group!.CommunityId, group.Name,
            db.HelpGroupMemberships.Where(m => m.HelpGroupId == groupId).Select(m => m.MemberId));
    }

    /// <summary>A notice the caller may follow: his own, his communities', or any for the city.</summary>
    private static async Task<Loaded<Notice>> VisibleAsync(long id, Caller caller, ScopeQueries scopes, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notice is null)
        {
            return Problems.NotFound("通知不存在");
        }

        return caller.IsCityAdmin || notice.PublishedByUserId == caller.UserId ||
               (notice.CommunityId is { } community && (await scopes.CommunitiesAsync(cancellationToken)).Contains(community))
            ? notice
            : Problems.Forbidden("只能查看本人管理范围内的通知");
    }

    private static async Task<Dictionary<long, string>> AudienceNamesAsync(ZhujiDbContext db, IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        var ids = notices.GroupBy(n => n.Audience).ToDictionary(g => g.Key, g => g.Select(n => n.AudienceId).Distinct().ToList());
        var tasks = ids.TryGetValue(NoticeAudience.Task, out var t) ? await db.Tasks.AsNoTracking().Where(x => t.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Title, cancellationToken) : [];
        var communities = ids.TryGetValue(NoticeAudience.Community, out var c) ? await db.Communities.AsNoTracking().Where(x => c.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken) : [];
        var groups = ids.TryGetValue(NoticeAudience.HelpGroup, out var g) ? await db.HelpGroups.AsNoTracking().Where(x => g.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken) : [];
        return notices.ToDictionary(n => n.Id, n => (n.Audience switch
        {
            NoticeAudience.Task => tasks,
            NoticeAudience.Community => communities,
            _ => groups,
        }).GetValueOrDefault(n.AudienceId, "—"));
    }

    private static NoticeDto ToDto(Notice n, string audienceName, int read) =>
        new(Ids.Format(n.Id), n.Title, n.Body, n.Audience, Ids.Format(n.AudienceId), audienceName, n.Recipients, read, n.PublishedAt);
}
