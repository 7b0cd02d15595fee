using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Members;

/// <summary><c>{year, grade: 优秀|合格|基本合格|不合格, comment}</c> (the grade's English name is accepted too).</summary>
public sealed record AppraisalRequest(int? Year, string? Grade, string? Comment);

/// <summary>A grade as given: <c>grade</c> in Chinese as the contract writes it, <c>gradeCode</c> its stable English name.</summary>
public sealed record AppraisalDto(string Id, string MemberId, int Year, string Grade, AppraisalGrade GradeCode, string Comment, string CommunityId, DateTime AppraisedAt);

/// <summary>A member of the community and his grade for the year (none yet: null), with the year's flags beside it.</summary>
public sealed record CommunityAppraisalDto(string MemberId, string Name, MemberType MemberType, string BlockName, string? WorkUnitName, int Flags, AppraisalDto? Appraisal);

internal sealed class AppraisalRequestValidator : AbstractValidator<AppraisalRequest>
{
    public AppraisalRequestValidator()
    {
        RuleFor(r => r.Year).NotNull().WithMessage("评议年度不能为空");
        RuleFor(r => r.Grade).Must(g => Appraisal.Parse(g) is not null).WithMessage(Appraisal.GradeRequired);
        RuleFor(r => r.Comment).MaximumLength(Appraisal.MaxComment).WithMessage($"评议意见不能超过 {Appraisal.MaxComment} 字");
    }
}

/// <summary>社区评议: the community grades its members once a year; the work unit sees it (its members view and reports).</summary>
public static class AppraisalEndpoints
{
    public static RouteGroupBuilder MapAppraisals(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Members").RequireAuthorization();
        group.MapPost("/members/{id:long}/appraisals", Give)
            .WithName("AppraiseMember").ScopedBy(ScopeCheck.Place).WithSummary("社区评议：党员所在社区的管理员每年评议一次（优秀/合格/基本合格/不合格）")
            .Validate<AppraisalRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/communities/{id:long}/appraisals", List)
            .WithName("ListCommunityAppraisals").ScopedBy(ScopeCheck.Place).WithSummary("社区评议名单：本社区党员及其某年度的评议等次")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<AppraisalDto>, ProblemHttpResult>> Give(
        long id, AppraisalRequest request, [AsParameters] AdminServices admin, ScopedLoader loader, CancellationToken cancellationToken)
    {
        var db = admin.Db;
        var loaded = await loader.InCommunityAsync(await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken), m => m.CommunityId,
            "党员不存在", "只有党员所在社区的管理员可以评议", cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var member = loaded.Value;
        var year = request.Year!.Value;
        if (await db.Appraisals.AnyAsync(a => a.MemberId == id && a.Year == year, cancellationToken))
        {
            return Problems.Conflict(Appraisal.AlreadyGiven(year));
        }

        var appraisal = Appraisal.Give(member, year, Appraisal.Parse(request.Grade)!.Value, request.Comment, admin.Caller.UserId, admin.Now);
        db.Appraisals.Add(appraisal);
        admin.Audit.Record("MemberAppraised", "Member", member.Id, null, new { year, grade = Appraisal.NameOf(appraisal.Grade), comment = appraisal.Comment });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return Problems.Conflict(Appraisal.AlreadyGiven(year));
        }

        return TypedResults.Created($"/api/v1/communities/{member.CommunityId}/appraisals?year={year}", ToDto(appraisal));
    }

    public static async Task<Results<Ok<Page<CommunityAppraisalDto>>, ProblemHttpResult>> List(
        long id, int? year, [AsParameters] ListQuery list, ScopedLoader loader, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var paging = await loader.CommunityPageAsync(id, list.Page, "只能查看本社区的评议", cancellationToken);
        if (!paging.Found)
        {
            return paging.Refusal;
        }

        var asked = Years.Read(year, Years.Current(clock));
        if (!asked.Found)
        {
            return asked.Refusal;
        }

        var (page, period) = (paging.Value, asked.Value);
        var members = db.Members.AsNoTracking().Where(m => m.CommunityId == id);
        members = members.After(page, m => m.Id);

        var rows = await (from m in members.OrderBy(m => m.Id).Take(page.Fetch)
                          join b in db.Blocks on m.BlockId equals b.Id
                          join u in db.WorkUnits on m.WorkUnitId equals u.Id into units
                          from u in units.DefaultIfEmpty()
                          select new { Member = m, Block = b.Name, WorkUnit = u == null ? null : u.Name }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Member.Id).ToList();
        var grades = await db.Appraisals.AsNoTracking().Where(a => a.Year == period && ids.Contains(a.MemberId)).ToDictionaryAsync(a => a.MemberId, cancellationToken);
        var flags = await db.FlagEntries.Where(f => f.PeriodYear == period && ids.Contains(f.MemberId))
            .GroupBy(f => f.MemberId).Select(g => new { g.Key, Flags = g.Sum(f => f.Flags) }).ToDictionaryAsync(g => g.Key, g => g.Flags, cancellationToken);
        var items = rows.Select(r => new CommunityAppraisalDto(Ids.Format(r.Member.Id), r.Member.Name, r.Member.MemberType, r.Block, r.WorkUnit,
            flags.GetValueOrDefault(r.Member.Id), grades.TryGetValue(r.Member.Id, out var a) ? ToDto(a) : null)).ToList();
        return TypedResults.Ok(page.ToPage(items, i => i.MemberId));
    }

    public static AppraisalDto ToDto(Appraisal a) =>
        new(Ids.Format(a.Id), Ids.Format(a.MemberId), a.Year, Appraisal.NameOf(a.Grade), a.Grade, a.Comment, Ids.Format(a.CommunityId), a.AppraisedAt);
}
