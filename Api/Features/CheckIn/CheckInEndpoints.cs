using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QRCoder;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Hosting;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Privacy;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.CheckIn;

public sealed record CheckInCodeDto(string Code, DateTime ExpiresAt, string QrText);

/// <summary><c>{code, latitude?, longitude?}</c>: the code typed or the QR's text, and where the phone is.</summary>
public sealed record CheckInRequest(string? Code, double? Latitude, double? Longitude);

public sealed record CheckedInDto(DateTime CheckedInAt);

/// <summary><c>lateCheckOut</c>: after the end (within 2 hours), the hours counted to the end.</summary>
public sealed record CheckedOutDto(DateTime CheckedOutAt, decimal Hours, bool NeedsReview, bool LateCheckOut = false);

internal sealed class CheckInRequestValidator : AbstractValidator<CheckInRequest>
{
    public CheckInRequestValidator()
    {
        RuleFor(r => r.Code).NotEmpty().WithMessage("签到码不能为空").MaximumLength(100).WithMessage("签到码无效");
        RuleFor(r => r.Latitude).InclusiveBetween(-90, 90).When(r => r.Latitude is not null).WithMessage("纬度无效");
        RuleFor(r => r.Longitude).InclusiveBetween(-180, 180).When(r => r.Longitude is not null).WithMessage("经度无效");
        RuleFor(r => r.Longitude).NotNull().When(r => r.Latitude is not null).WithMessage("经纬度须同时提供");
        RuleFor(r => r.Latitude).NotNull().When(r => r.Longitude is not null).WithMessage("经纬度须同时提供");
    }
}

/// <summary>
/// On site (线下检验): the organiser shows a code that changes every minute, the member checks in and out with it
/// (inside the task's window and, when the task has one and the phone sends its position, inside the geofence),
/// and his hours come from the two moments.
/// </summary>
public static class CheckInEndpoints
{
    public static RouteGroupBuilder MapCheckIn(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Check-in").RequireAuthorization();
        group.MapGet("/tasks/{id:long}/checkin-code", Code)
            .WithName("GetCheckInCode").ScopedBy(ScopeCheck.Place).WithSummary("现场签到码（组织者出示；每 60 秒更换）")
            .ProducesProblem(403).ProducesProblem(404);
        group.MapGet("/tasks/{id:long}/checkin-code.png", CodeImage)
            .WithName("GetCheckInCodeQr").ScopedBy(ScopeCheck.Place).WithSummary("现场签到二维码图片（组织者的手机或打印；每 60 秒更换）")
            .Produces(200, contentType: "image/png").ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/claims/{id:long}/check-in", CheckIn)
            .WithName("CheckIn").ScopedBy(ScopeCheck.Self).WithSummary("扫码签到（任务开始前 30 分钟至结束）")
            .Validate<CheckInRequest>()
            .RateLimited(RateLimitedAs.Claims)
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/claims/{id:long}/check-out", CheckOut)
            .WithName("CheckOut").ScopedBy(ScopeCheck.Self).WithSummary("扫码签退：按签到至签退计算时长（在任务时间内，按半小时向下取整）")
            .Validate<CheckInRequest>()
            .RateLimited(RateLimitedAs.Claims)
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        return api;
    }

    public static async Task<Results<Ok<CheckInCodeDto>, ProblemHttpResult>> Code(
        long id, HttpResponse response, ZhujiDbContext db, TaskAccess access, DerivedKeys keys, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await OrganisedAsync(id, db, access, cancellationToken);
        if (!task.Found)
        {
            return task.Refusal;
        }

        var (code, expiresAt) = CheckInCode.Current(keys.CheckIn, id, clock.GetUtcNow().UtcDateTime);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new CheckInCodeDto(code, expiresAt, CheckInCode.QrText(id, code)));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CodeImage(
        long id, HttpResponse response, ZhujiDbContext db, TaskAccess access, DerivedKeys keys, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await OrganisedAsync(id, db, access, cancellationToken);
        if (!task.Found)
        {
            return task.Refusal;
        }

        var (code, _) = CheckInCode.Current(keys.CheckIn, id, clock.GetUtcNow().UtcDateTime);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(CheckInCode.QrText(id, code), QRCodeGenerator.ECCLevel.M);
        response.Headers.CacheControl = "no-store";
        return TypedResults.File(new PngByteQRCode(data).GetGraphic(12), "image/png");
    }

    public static async Task<Results<Ok<CheckedInDto>, ProblemHttpResult>> CheckIn(long id, CheckInRequest request, [AsParameters] OnSiteServices site, CancellationToken cancellationToken)
    {
        var loaded = await OnSiteAsync(id, request, site, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (claim, _, startsAt, endsAt, now) = loaded.Value;
        claim.CheckIn(startsAt, endsAt, now);
        return await SavedAsync(site.Db, claim, cancellationToken) is { } refusal
            ? refusal
            : TypedResults.Ok(new CheckedInDto(claim.CheckedInAt!.Value));
    }

    public static async Task<Results<Ok<CheckedOutDto>, ProblemHttpResult>> CheckOut(long id, CheckInRequest request, [AsParameters] OnSiteServices site, CancellationToken cancellationToken)
    {
        var loaded = await OnSiteAsync(id, request, site, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (claim, task, startsAt, endsAt, now) = loaded.Value;
        var others = claim.CheckedInAt is { } checkedIn ? await ServiceDay.OtherHoursAsync(site.Db, claim, checkedIn, cancellationToken) : 0;
        var hours = claim.CheckOut(startsAt, endsAt, task.Location, others, now, site.Options.Value.MinimumService);
        return await SavedAsync(site.Db, claim, cancellationToken) is { } refusal
            ? refusal
            : TypedResults.Ok(new CheckedOutDto(claim.CheckedOutAt!.Value, hours, claim.NeedsReview, claim.LateCheckOut));
    }

    /// <summary>What a check-in or check-out needs, bound as one argument.</summary>
    public readonly record struct OnSiteServices(CallerMember Me, ZhujiDbContext Db, DerivedKeys Keys, AuditLog Audit, IOptions<CheckInOptions> Options, TimeProvider Clock);

    private sealed record OnSite(Claim Claim, VolunteerTask Task, DateTime StartsAt, DateTime EndsAt, DateTime Now);

    /// <summary>
    /// The caller's own claim, and what he sent checked against its task, in this order: a claim or task locked by wrong
    /// codes is <c>checkin_locked</c>; a task with a geofence and no position <c>location_required</c>; a wrong or stale
    /// code <c>checkin_code_invalid</c> (and counted: <see cref="CheckInLockout"/>); a phone outside the geofence
    /// <c>outside_geofence</c>.
    /// </summary>
    private static async Task<Loaded<OnSite>> OnSiteAsync(long id, CheckInRequest request, OnSiteServices site, CancellationToken cancellationToken)
    {
        var db = site.Db;
        var loaded = await ClaimEndpoints.OwnClaimAsync(id, site.Me, db, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var claim = loaded.Value;
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == claim.TaskId, cancellationToken);
        var (startsAt, endsAt) = await db.WindowAsync(claim, cancellationToken);
        var now = site.Clock.GetUtcNow().UtcDateTime;
        if (await db.LockedUntilAsync(CheckInLockout.ClaimKey(claim.Id), CheckInLockout.WrongCodesPerClaim, now, cancellationToken) is { } until)
        {
            return Problems.Conflict(CheckInLockout.Locked(until, now, wholeTask: false), ErrorCodes.CheckInLocked);
        }

        if (await db.LockedUntilAsync(CheckInLockout.TaskKey(task.Id), CheckInLockout.WrongCodesPerTask, now, cancellationToken) is { } taskUntil)
        {
            return Problems.Conflict(CheckInLockout.Locked(taskUntil, now, wholeTask: true), ErrorCodes.CheckInLocked);
        }

        var sendsLocation = request.Latitude is not null || request.Longitude is not null;
        if (sendsLocation && !Consent.Permits(await db.Consents.AsNoTracking().Where(c => c.UserId == site.Me.Scope.UserId && c.Kind == ConsentKind.Location).ToListAsync(cancellationToken), sendsLocation))
        {
            return Problems.Conflict(Consent.LocationConsentMissing, ErrorCodes.ConsentRequired);
        }

        if (OnSiteRules.NeedsLocation(task.Geofence, request.Latitude, request.Longitude))
        {
            return Problems.Create(400, ErrorCodes.LocationRequired, OnSiteRules.LocationRequired);
        }

        if (!CheckInCode.Verify(site.Keys.CheckIn, task.Id, request.Code, now))
        {
            var used = await db.CountFailureAsync(CheckInLockout.ClaimKey(claim.Id), CheckInLockout.WrongCodesPerClaim, CheckInLockout.Window, CheckInLockout.LockFor, now, cancellationToken);
            var onTask = await db.CountFailureAsync(CheckInLockout.TaskKey(task.Id), CheckInLockout.WrongCodesPerTask, CheckInLockout.Window, CheckInLockout.LockFor, now, cancellationToken);
            if (used == CheckInLockout.WrongCodesPerClaim || onTask == CheckInLockout.WrongCodesPerTask)
            {
                site.Audit.Record("CheckInLocked", "Claim", claim.Id, null,
                    new { taskId = task.Id, wrongCodesOnClaim = used, wrongCodesOnTask = onTask, until = now + CheckInLockout.LockFor, wholeTask = onTask == CheckInLockout.WrongCodesPerTask });
                await db.SaveChangesAsync(cancellationToken);
            }

            return Problems.Create(400, ErrorCodes.CheckInCodeInvalid, CheckInLockout.Wrong(used));
        }

        if (task.Geofence is { } fence && request is { Latitude: { } latitude, Longitude: { } longitude } && !fence.Contains(latitude, longitude))
        {
            var distance = Geofence.Distance(fence.Latitude, fence.Longitude, latitude, longitude);
            return Problems.Conflict($"不在签到范围内：距活动地点约 {distance:0} 米（范围 {fence.RadiusMeters} 米）", ErrorCodes.OutsideGeofence);
        }

        return new OnSite(claim, task, startsAt, endsAt, now);
    }

    /// <summary>
    /// Two taps at once: the claim's version lets one through; the other is told what the claim now is (checked in,
    /// checked out, decided or let go), read again from the database.
    /// </summary>
    private static async Task<ProblemHttpResult?> SavedAsync(ZhujiDbContext db, Claim claim, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            var now = await db.Claims.AsNoTracking().Where(c => c.Id == claim.Id)
                .Select(c => new { c.Status, c.CheckedInAt, c.CheckedOutAt }).SingleAsync(cancellationToken);
            return Problems.InvalidState(Attendance.Describe(now.Status, now.CheckedInAt is not null, now.CheckedOutAt is not null));
        }
    }

    /// <summary>A task whose code the caller may show: its publisher's level and above (those who confirm it).</summary>
    private static async Task<Loaded<VolunteerTask>> OrganisedAsync(long id, ZhujiDbContext db, TaskAccess access, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null)
        {
            return Problems.NotFound("任务不存在");
        }

        if (!await access.AdministersAsync(task, cancellationToken))
        {
            return Problems.Forbidden("只有任务发布层级的管理员可以出示签到码");
        }

        return task.Status == VolunteerTaskStatus.Cancelled ? Problems.InvalidState("任务已取消") : task;
    }
}
