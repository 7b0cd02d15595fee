using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Content;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Http;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Suggestions;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Suggestions;

public sealed record SubmitSuggestionRequest(string? CommunityId, string? Title, string? Content);

public sealed record ReplySuggestionRequest(string? Reply, bool? Adopt, int? Flags);

public sealed record SuggestionDto(
    string Id,
    string MemberId,
    string MemberName,
    string CommunityId,
    string Title,
    string Content,
    SuggestionStatus Status,
    bool NeedsReview,
    DateTime SubmittedAt,
    string? Reply,
    bool Adopted,
    DateTime? RepliedAt,
    string? FlagEntryId);

internal sealed class SubmitSuggestionRequestValidator : AbstractValidator<SubmitSuggestionRequest>
{
    public SubmitSuggestionRequestValidator()
    {
        RuleFor(r => r.CommunityId).RequiredId("社区");
        RuleFor(r => r.Title).RequiredText("标题", Suggestion.MaxTitle);
        RuleFor(r => r.Content).RequiredText("建议内容", Suggestion.MaxContent);
    }
}

internal sealed class ReplySuggestionRequestValidator : AbstractValidator<ReplySuggestionRequest>
{
    public ReplySuggestionRequestValidator()
    {
        RuleFor(r => r.Reply).RequiredText("答复", 1000);
        RuleFor(r => r.Adopt).NotNull().WithMessage("请说明是否采纳");
        RuleFor(r => r.Flags).InclusiveBetween(VolunteerTask.MinFlags, VolunteerTask.MaxFlags).When(r => r.Flags is not null)
            .WithMessage(FlagEntry.FlagsRange);
        RuleFor(r => r.Flags).Null().When(r => r.Adopt == false).WithMessage("未采纳的建议不亮旗");
    }
}

/// <summary>Suggestions (建言献策): members submit to their community; admins reply and may adopt with flags.</summary>
public static class SuggestionEndpoints
{
    public static RouteGroupBuilder MapSuggestions(this RouteGroupBuilder api)
    {
        var suggestions = api.MapGroup("/suggestions").WithTags("Suggestions").RequireAuthorization();
        suggestions.MapPost("/", Submit)
            .WithName("SubmitSuggestion").ScopedBy(ScopeCheck.Self).WithSummary("向本社区建言献策")
            .RequireMember()
            .Validate<SubmitSuggestionRequest>().Idempotent()
            .ProducesProblem(429)
            .ProducesProblem(403);
        suggestions.MapGet("/mine", Mine)
            .WithName("ListMySuggestions").ScopedBy(ScopeCheck.Self).WithSummary("我的建议及社区答复")
            .RequireMember().ProducesProblem(400).ProducesProblem(403);
        suggestions.MapPost("/{id:long}/reply", Reply)
            .WithName("ReplySuggestion").ScopedBy(ScopeCheck.Place).WithSummary("答复建议，可采纳并亮旗（一次）")
            .Validate<ReplySuggestionRequest>()
            .Idempotent()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/communities/{id:long}/suggestions", ListForCommunity)
            .WithTags("Suggestions").WithName("ListCommunitySuggestions").ScopedBy(ScopeCheck.Place).WithSummary("社区收到的建议")
            .RequireAuthorization()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<SuggestionDto>, ProblemHttpResult>> Submit(
        SubmitSuggestionRequest request, Caller caller, CallerMember me, ZhujiDbContext db, ContentGuard content, TimeProvider clock, CancellationToken cancellationToken)
    {
        var member = me.Scope;
        if (Ids.ParseOrNull(request.CommunityId) != member.CommunityId)
        {
            return Problems.Forbidden("只能向本人报到的社区提建议");
        }

        var title = request.Title!.Trim();
        var text = request.Content!.Trim();
        var check = await content.CheckAsync(caller.UserId, $"{title}\n{text}", cancellationToken);
        if (check == ContentCheck.Risky)
        {
            return Problems.Validation("content", "内容含有不适宜公开的信息，请修改后再提交");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (!await db.TryTakeAsync(Suggestion.DailyQuota(caller.UserId, now), now, cancellationToken))
        {
            return Problems.TooManyRequests($"每天最多提出 {Suggestion.PerMemberPerDay} 条建议，请明天再来");
        }

        var suggestion = new Suggestion(member.Id, member.CommunityId, title, text, check == ContentCheck.NeedsReview, now);
        db.Suggestions.Add(suggestion);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/suggestions/{suggestion.Id}", ToDto(suggestion, member.Name, null));
    }

    public static async Task<Results<Ok<Page<SuggestionDto>>, ProblemHttpResult>> Mine(
        [AsParameters] ListQuery list, CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;

        var query = db.Suggestions.AsNoTracking().Where(s => s.MemberId == me.Scope.Id);
        query = query.Before(page, s => s.Id);

        var items = await ProjectAsync(db, query.OrderByDescending(s => s.Id).Take(page.Fetch), cancellationToken);
        return TypedResults.Ok(page.ToPage(items, s => s.Id));
    }

    public static async Task<Results<Ok<Page<SuggestionDto>>, ProblemHttpResult>> ListForCommunity(
        long id, SuggestionStatus? status, [AsParameters] ListQuery list, ScopedLoader loader, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var paging = await loader.CommunityPageAsync(id, list.Page, "只能查看本社区的建议", cancellationToken);
        if (!paging.Found)
        {
            return paging.Refusal;
        }

        var page = paging.Value;

        var query = db.Suggestions.AsNoTracking().Where(s => s.CommunityId == id);
        if (status is not null)
        {
            query = query.Where(s => s.Status == status);
        }

        query = query.After(page, s => s.Id);

        var items = await ProjectAsync(db, query.OrderBy(s => s.Id).Take(page.Fetch), cancellationToken);
        return TypedResults.Ok(page.ToPage(items, s => s.Id));
    }

    public static async Task<Results<Ok<SuggestionDto>, ProblemHttpResult>> Reply(
        long id, ReplySuggestionRequest request, [AsParameters] AdminServices admin, ScopedLoader loader, LedgerPeriods periods, CancellationToken cancellationToken)
    {
        var db = admin.Db;
        var loaded = await loader.InCommunityAsync(await db.Suggestions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken), s => s.CommunityId,
            "建议不存在", "只能答复本社区的建议", cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var suggestion = loaded.Value;
        var now = admin.Now;
        var adopt = request.Adopt!.Value;
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == suggestion.MemberId, cancellationToken);
        var reply = request.Reply!.Trim();
        var award = suggestion.Answer(reply, adopt, request.Flags, member.CommunityId, member.UserId, admin.Caller.UserId, now);
        var entry = award is null ? null : FlagEntry.Award(award, admin.Caller.UserId, now);
        var period = entry is null ? PeriodChange.Open : await periods.CheckAsync(entry.ServedAt, now, reply, cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (entry is not null)
        {
            db.FlagEntries.Add(entry);
        }

        admin.Audit.Record("SuggestionReplied", "Suggestion", id, new { status = SuggestionStatus.Submitted },
            new { status = suggestion.Status, adopt, flags = entry?.Flags });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e))
        {
            return Problems.InvalidState(Suggestion.AlreadyAnswered);
        }

        if (entry is not null)
        {
            await periods.AfterAsync(period, entry.ServedAt, reply, "SuggestionAdopted", suggestion.Id, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ToDto(suggestion, member.Name, entry?.Id));
    }

    private static async Task<List<SuggestionDto>> ProjectAsync(ZhujiDbContext db, IQueryable<Suggestion> suggestions, CancellationToken cancellationToken)
    {
        var rows = await (from s in suggestions
                          join m in db.Members on s.MemberId equals m.Id
                          select new
                          {
                              Suggestion = s,
                              m.Name,
                              EntryId = db.FlagEntries.Where(f => f.SuggestionId == s.Id).Select(f => (long?)f.Id).FirstOrDefault(),
                          }).ToListAsync(cancellationToken);
        return rows.Select(r => ToDto(r.Suggestion, r.Name, r.EntryId)).ToList();
    }

    private static SuggestionDto ToDto(Suggestion s, string memberName, long? flagEntryId) => new(
        Ids.Format(s.Id), Ids.Format(s.MemberId), memberName, Ids.Format(s.CommunityId), s.Title, s.Content, s.Status, s.NeedsReview,
        s.SubmittedAt, s.Reply, s.Adopted, s.RepliedAt, Ids.Format(flagEntryId));
}
