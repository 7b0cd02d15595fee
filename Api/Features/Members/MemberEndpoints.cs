using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Members;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Members;

/// <summary>A member's contribution archive (社区贡献档案) and service the community recognises outside tasks.</summary>
public static class MemberEndpoints
{
    public static RouteGroupBuilder MapMembers(this RouteGroupBuilder api)
    {
        var members = api.MapGroup("/members/{id:long}").WithTags("Members").RequireAuthorization();
        members.MapGet("/archive", Archive)
            .WithName("GetMemberArchive").ScopedBy(ScopeCheck.Member).WithSummary("社区贡献档案：本人、所在社区/街道、所在单位及市级可见")
            .ProducesProblem(400).ProducesProblem(404);
        members.MapPost("/service-records", EnterService)
            .WithName("EnterServiceRecord").ScopedBy(ScopeCheck.Place).WithSummary("社区录入任务之外认可的服务，当即亮旗")
            .Validate<EnterServiceRequest>()
            .Idempotent()
            .ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Ok<ArchiveDto>, ProblemHttpResult>> Archive(
        long id,
        int? year,
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        RegistrationReader registrations,
        IOptions<ComplianceOptions> compliance,
        Auth.UserProfiles profiles,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var asked = Years.Read(year, Years.Current(clock));
        if (!asked.Found)
        {
            return asked.Refusal;
        }

        var period = asked.Value;

        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        var place = member is null ? null : await PlaceOfAsync(places, member, cancellationToken);
        if (member is null || place is null || !(member.UserId == caller.UserId || ScopeRules.SeesPersonalData(caller.Grants, place)))
        {
            // Outside his scope the archive does not exist: saying otherwise would leak who is a member.
            return Problems.NotFound("党员不存在");
        }

        var names = await (from c in db.Communities
                           join b in db.Blocks on c.Id equals b.CommunityId
                           where c.Id == member.CommunityId && b.Id == member.BlockId
                           select new { Community = c.Name, Block = b.Name }).SingleAsync(cancellationToken);
        var unit = member.WorkUnitId is null ? null : await db.WorkUnits.Where(w => w.Id == member.WorkUnitId).Select(w => w.Name).SingleOrDefaultAsync(cancellationToken);
        var profile = new ArchiveProfileDto(Ids.Format(member.Id), member.Name, member.Phone, member.MemberType,
            Ids.Format(member.CommunityId), names.Community, Ids.Format(member.BlockId), names.Block,
            Ids.Format(member.WorkUnitId), unit, member.Skills, member.FirstApprovedAt);

        var entries = await db.FlagEntries.AsNoTracking()
            .Where(e => e.MemberId == id && e.PeriodYear == period)
            .OrderBy(e => e.ServedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var totals = FlagTotals.Of(entries.Select(e => (e.PeriodMonth, e.Flags)));
        var total = totals.Total;
        var policy = compliance.Value.Policy;

        var (yearStart, yearEnd) = ShanghaiTime.YearBounds(period);
        var claimed = await (from c in db.Claims.AsNoTracking()
                             join t in db.Tasks on c.TaskId equals t.Id
                             where c.MemberId == id && (c.ServedAt ?? t.StartsAt) >= yearStart && (c.ServedAt ?? t.StartsAt) < yearEnd
                             select new { c.Id, c.TaskId, t.Title, t.Category, c.ServedAt, TaskStart = t.StartsAt, c.Hours, c.Content, c.Place, c.Status })
            .ToListAsync(cancellationToken);
        var recognised = await db.ServiceRecords.AsNoTracking()
            .Where(r => r.MemberId == id && r.ServedAt >= yearStart && r.ServedAt < yearEnd)
            .ToListAsync(cancellationToken);
        var services = claimed
            .Select(c => new ArchiveServiceDto(ArchiveServiceKind.Task, Ids.Format(c.Id), Ids.Format(c.TaskId), c.Title, c.Category,
                c.ServedAt ?? c.TaskStart, c.Hours, c.Content, c.Place, c.Status))
            .Concat(recognised.Select(r => new ArchiveServiceDto(ArchiveServiceKind.Recognised, Ids.Format(r.Id), null, r.Title, r.Category,
                r.ServedAt, r.Hours, r.Content, null, ClaimStatus.Confirmed)))
            .OrderBy(s => s.ServedAt)
            .ToList();

        var groups = await (from m in db.HelpGroupMemberships.AsNoTracking()
                            join g in db.HelpGroups on m.HelpGroupId equals g.Id
                            where m.MemberId == id
                            orderby g.Name
                            select new ArchiveGroupDto(g.Id.ToString(), g.Name, g.LeaderMemberId == id)).ToListAsync(cancellationToken);

        var stewardships = await db.Stewardships.AsNoTracking()
            .Where(s => s.MemberId == id && s.Year == period)
            .OrderBy(s => s.Id)
            .Select(s => new ArchiveStewardshipDto(s.Id.ToString(), s.BlockId.ToString(), s.Target, s.Kind, s.Status, s.Year))
            .ToListAsync(cancellationToken);
        var suggestions = await db.Suggestions.AsNoTracking()
            .Where(s => s.MemberId == id && s.SubmittedAt >= yearStart && s.SubmittedAt < yearEnd)
            .OrderBy(s => s.Id)
            .Select(s => new ArchiveSuggestionDto(s.Id.ToString(), s.Title, s.Status, s.Adopted, s.SubmittedAt))
            .ToListAsync(cancellationToken);

        var history = await registrations.HistoryAsync(member.RegistrationId, cancellationToken);
        return TypedResults.Ok(new ArchiveDto(
            profile, period, total, policy.AnnualThreshold,
            policy.IsEvaluated(member.MemberType, member.FirstApprovedAt, period), policy.IsCompliant(total),
            totals.ByMonth, totals.ByQuarter, history, services, entries.Select(FlagMapping.ToDto).ToList(), groups, stewardships, suggestions,
            StarDto.Of(await profiles.StarAsync(member.Id, cancellationToken))));
    }

    public static async Task<Results<Created<EnterServiceResponse>, ProblemHttpResult>> EnterService(
        long id, EnterServiceRequest request, [AsParameters] AdminServices admin, ScopedLoader loader, LedgerPeriods periods, CancellationToken cancellationToken)
    {
        var (db, audit, caller, now) = (admin.Db, admin.Audit, admin.Caller, admin.Now);
        var loaded = await loader.InCommunityAsync(await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken), m => m.CommunityId,
            "党员不存在", "只有党员所在社区或市级管理员可以录入服务", cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var member = loaded.Value;
        var record = new ServiceRecord(member.Id, member.UserId, request.Category!.Value, request.Title!.Trim(), request.ServedAt!.Value, request.Hours!.Value,
            request.Content!.Trim(), request.Flags!.Value, caller.UserId, now);
        var period = await periods.CheckAsync(record.ServedAt, now, request.Reason, cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.ServiceRecords.Add(record);
        audit.RecordFor("ServiceEntered", "ServiceRecord", record, null,
            new { memberId = member.Id, record.Category, record.Title, record.ServedAt, record.Flags, reason = request.Reason });
        await db.SaveChangesAsync(cancellationToken);

        // The award names its record (FlagAwarded: its points and tallies follow in this save).
        var entry = FlagEntry.Award(new FlagAward(member.Id, member.CommunityId, record.Flags, FlagSource.ServiceRecord, record.Id, null,
            record.Title, record.Category, record.ServedAt), caller.UserId, now);
        db.FlagEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await periods.AfterAsync(period, record.ServedAt, request.Reason, "ServiceEntered", record.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/members/{member.Id}/archive", new EnterServiceResponse(Ids.Format(record.Id), Ids.Format(entry.Id)));
    }

    private static async Task<Place?> PlaceOfAsync(PlaceDirectory places, Member member, CancellationToken cancellationToken) =>
        await places.CommunityAsync(member.CommunityId, cancellationToken) is { } community
            ? community with { BlockId = member.BlockId, WorkUnitId = member.WorkUnitId }
            : null;
}
