using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Flags;

/// <summary>The red-flag ledger (亮旗): a member's flags of a year, and revocation by a compensating entry.</summary>
public static class FlagEndpoints
{
    public static RouteGroupBuilder MapFlags(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Flags").RequireAuthorization();
        group.MapGet("/me/flags", Mine)
            .WithName("GetMyFlags").ScopedBy(ScopeCheck.Self).WithSummary("我的红旗（按上海时间的服务年度）")
            .RequireMember()
            .ProducesProblem(400).ProducesProblem(403);
        group.MapPost("/flags/{id:long}/revoke", Revoke)
            .WithName("RevokeFlag").ScopedBy(ScopeCheck.Place).WithSummary("撤销红旗（追加一条冲销记录，原记录保留）")
            .Validate<RevokeFlagRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return api;
    }

    public static async Task<Results<Ok<MyFlagsResponse>, ProblemHttpResult>> Mine(
        int? year,
        CallerMember me,
        ZhujiDbContext db,
        IOptions<ComplianceOptions> compliance,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var period = year ?? ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime);
        if (period is < 2000 or > 2100)
        {
            return Problems.Validation("year", "年份无效");
        }

        var member = me.Scope;
        var entries = await db.FlagEntries.AsNoTracking()
            .Where(e => e.MemberId == member.Id && e.PeriodYear == period)
            .OrderByDescending(e => e.ServedAt).ThenByDescending(e => e.Id)
            .ToListAsync(cancellationToken);
        var policy = compliance.Value.Policy;
        var total = entries.Sum(e => e.Flags);
        return TypedResults.Ok(new MyFlagsResponse(
            period, total, policy.AnnualThreshold, policy.IsCompliant(total),
            policy.IsEvaluated(member.MemberType, member.FirstApprovedAt, period),
            entries.Select(FlagMapping.ToDto).ToList()));
    }

    public static async Task<Results<Ok<FlagEntryDto>, ProblemHttpResult>> Revoke(
        long id, RevokeFlagRequest request, [AsParameters] AdminServices admin, ScopedLoader loader, CancellationToken cancellationToken)
    {
        var (db, audit) = (admin.Db, admin.Audit);
        var loaded = await loader.InCommunityAsync(await db.FlagEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken),
            e => e.CommunityId, "红旗记录不存在", "只有该社区或市级管理员可以撤销红旗", cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var entry = loaded.Value;
        var reason = request.Reason!.Trim();
        var revocation = entry.Revoke(reason, admin.Caller.UserId, admin.Now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.FlagEntries.Add(revocation);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return Problems.InvalidState("该红旗已撤销");
        }

        audit.Record("FlagRevoked", "FlagEntry", entry.Id, new { flags = entry.Flags, memberId = entry.MemberId },
            new { revocationId = revocation.Id, flags = revocation.Flags, reason });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(FlagMapping.ToDto(revocation));
    }
}
