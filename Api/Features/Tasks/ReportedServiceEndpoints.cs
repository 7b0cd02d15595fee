using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Features.Uploads;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Tasks;

/// <summary><c>{servedAt, hours, content, place, photoUrls, category?, title?}</c>: service done without a task, as the member tells it.</summary>
public sealed record ReportServiceRequest(
    DateTime? ServedAt, decimal? Hours, string? Content, string? Place, IReadOnlyList<string>? PhotoUrls, ServiceCategory? Category = null, string? Title = null);

internal sealed class ReportServiceRequestValidator : AbstractValidator<ReportServiceRequest>
{
    public ReportServiceRequestValidator()
    {
        RuleFor(r => new RecordRequest(r.ServedAt, r.Hours, r.Content, r.Place, r.PhotoUrls)).SetValidator(new RecordRequestValidator()).OverridePropertyName("");
        RuleFor(r => r.Category).IsInEnum().WithMessage("服务类别无效");
        RuleFor(r => r.Title).OptionalText("标题", VolunteerTask.MaxTitle);
    }
}

/// <summary>
/// 自主申报: a member submits service done without a task (<see cref="ReportedService"/>); it enters his community's
/// confirmation queue as a claim with its record, and is confirmed, sent back or resubmitted as any claim.
/// </summary>
public static class ReportedServiceEndpoints
{
    public static RouteGroupBuilder MapReportedServices(this RouteGroupBuilder api)
    {
        api.MapPost("/me/service-records", Report).WithTags("Claims").RequireAuthorization()
            .WithName("ReportService").ScopedBy(ScopeCheck.Self)
            .WithSummary("自主申报任务之外的服务（30 天内，可附照片），进入本社区待认定队列；答复为该申报的认领")
            .RequireMember()
            .Validate<ReportServiceRequest>()
            .Idempotent()
            .ProducesProblem(403).ProducesProblem(409);
        return api;
    }

    public static async Task<Results<Created<ClaimDto>, ProblemHttpResult>> Report(
        ReportServiceRequest request, CallerMember me, ZhujiDbContext db, Photos photos, TimeProvider clock, CancellationToken cancellationToken)
    {
        var member = me.Scope;
        var now = clock.GetUtcNow().UtcDateTime;
        var report = new ReportedService(request.Category ?? ServiceCategory.CommunityActivity, request.Title?.Trim() ?? "",
            request.ServedAt!.Value, request.Hours!.Value, request.Place!.Trim());
        var task = VolunteerTask.Report(report, member.CommunityId, member.UserId, now);
        var pending = await (from c in db.Claims
                             join t in db.Tasks on c.TaskId equals t.Id
                             where c.MemberId == member.Id && t.Reported && c.Status == ClaimStatus.Submitted
                             select c.Id).CountAsync(cancellationToken);
        ReportedService.EnsureRoom(pending);

        // One write: the task, his claim on it, its photos and its record — a refused photo leaves none of them.
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        var claim = Claim.Grab(task.Id, null, member.Id, now);
        db.Claims.Add(claim);
        await db.SaveChangesAsync(cancellationToken);
        var attached = await photos.AttachAsync(request.PhotoUrls ?? [], claim, member.UserId, cancellationToken);
        if (!attached.Found)
        {
            return attached.Refusal;
        }

        var record = new ServiceRecordDetails(report.ServedAt, report.Hours, request.Content!.Trim(), report.Place, attached.Value);
        claim.Record(record, member.UserId, task.StartsAt, task.EndsAt, now, await ServiceDay.OtherHoursAsync(db, claim, report.ServedAt, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/claims/{claim.Id}", TaskMapping.ToDto(claim, task));
    }
}
