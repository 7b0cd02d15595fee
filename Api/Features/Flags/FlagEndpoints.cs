using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
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
            .Idempotent()
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
        var asked = Years.Read(year, Years.Current(clock));
        if (!asked.Found)
        {
            return asked.Refusal;
        }

        var period = asked.Value;

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
        long id, RevokeFlagRequest request, [AsParameters] AdminServices admin, ScopedLoader loader, LedgerPeriods periods, CancellationToken cancellationToken)
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
        var holder = await db.Members.Where(m => m.Id == entry.MemberId).Select(m => m.UserId).SingleAsync(cancellationToken);
        var revocation = entry.Revoke(reason, admin.Caller.UserId, holder, admin.Now);
        var period = await periods.CheckRevocationAsync(entry.ServedAt, admin.Now, reason, cancellationToken);
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
        await periods.AfterAsync(period, entry.ServedAt, reason, "FlagRevoked", entry.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(FlagMapping.ToDto(revocation));
    }
}
