using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Privacy;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Privacy;

namespace Zhuji.Api.Features.Privacy;

/// <summary>The privacy notice in force: its version (what a consent names), its text, who handles the information.</summary>
public sealed record PrivacyNoticeDto(string Version, string Text, string Controller, string Contact);

public sealed record ConsentRequest(ConsentKind? Kind, string? Version);

internal sealed class ConsentRequestValidator : AbstractValidator<ConsentRequest>
{
    public ConsentRequestValidator()
    {
        RuleFor(r => r.Kind).NotNull().WithMessage("请说明同意的事项（Privacy 或 Location）");
        RuleFor(r => r.Version).NotEmpty().WithMessage("请说明同意的隐私政策版本").MaximumLength(32).WithMessage("版本号过长");
    }
}

public sealed record ConsentDto(ConsentKind Kind, string Version, DateTime GivenAt, DateTime? WithdrawnAt, bool InForce);

/// <summary>The caller's consents, and whether those the mini-program asks for are in force for the notice's current version.</summary>
public sealed record ConsentsDto(IReadOnlyList<ConsentDto> Items, string CurrentVersion, bool PrivacyAccepted, bool LocationAccepted);

public sealed record CancellationDto(DateTime CancelledAt, string Message);

/// <summary>A registrant of the community and what he has agreed to, for the community's admins.</summary>
public sealed record CommunityConsentDto(
    string RegistrationId, string Name, string Phone, RegistrationStatus Status, string? PrivacyVersion, DateTime? PrivacyGivenAt, bool PrivacyCurrent,
    DateTime? LocationGivenAt, DateTime? LocationWithdrawnAt);

/// <summary>
/// The person's side of PIPL: the notice, consent per version (location separately, Art. 29), his own data as JSON or a
/// workbook (Art. 45), cancellation (注销, Art. 47); and for a community's admins, who agreed to what.
/// </summary>
public static class PrivacyEndpoints
{
    public static RouteGroupBuilder MapPrivacy(this RouteGroupBuilder api)
    {
        api.MapGet("/privacy", Notice)
            .WithTags("Privacy").WithName("GetPrivacyNotice").WithSummary("隐私政策（当前版本与全文；无需登录）")
            .AllowAnonymous();

        var me = api.MapGroup("/me").WithTags("Privacy").RequireAuthorization();
        me.MapGet("/consents", Consents)
            .WithName("ListMyConsents").ScopedBy(ScopeCheck.Self).WithSummary("我的同意与授权（隐私政策、位置信息）");
        me.MapPost("/consents", Give)
            .WithName("GiveConsent").ScopedBy(ScopeCheck.Self).WithSummary("同意隐私政策或位置信息授权（记录版本与时间）")
            .Validate<ConsentRequest>()
            .Produces<ConsentDto>(StatusCodes.Status201Created)
            .ProducesProblem(400);
        me.MapDelete("/consents/{kind}", Withdraw)
            .WithName("WithdrawConsent").ScopedBy(ScopeCheck.Self).WithSummary("撤回位置信息授权（隐私政策不能单独撤回，请注销账号）")
            .ProducesProblem(400).ProducesProblem(409);
        me.MapGet("/personal-data", Download)
            .WithName("GetMyPersonalData").ScopedBy(ScopeCheck.Self).WithSummary("下载我的全部个人信息（format=xlsx 为表格）")
            .Produces<PersonalDataDto>(StatusCodes.Status200OK, "application/json", XlsxExport.ContentType)
            .ProducesProblem(400);
        me.MapPost("/cancellation", Cancel)
            .WithName("CancelMyAccount").ScopedBy(ScopeCheck.Self).WithSummary("注销账号（匿名化个人信息，保留服务记录与红旗的数字）")
            .Produces<CancellationDto>(StatusCodes.Status202Accepted)
            .ProducesProblem(409);

        api.MapGet("/communities/{id:long}/consents", CommunityConsents)
            .WithTags("Privacy").WithName("ListCommunityConsents").ScopedBy(ScopeCheck.Place).WithSummary("社区报到人员的隐私政策与位置授权情况")
            .RequireAuthorization()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static Ok<PrivacyNoticeDto> Notice(IOptions<PrivacyOptions> privacy, IOptions<RetentionOptions> retention)
    {
        var o = privacy.Value;
        return TypedResults.Ok(new PrivacyNoticeDto(PrivacyNotice.Version, PrivacyNotice.Text(o.Controller, o.Contact, retention.Value.AuditMonths, retention.Value.ServiceRecordYears),
            o.Controller, o.Contact));
    }

    public static async Task<Ok<ConsentsDto>> Consents(Caller caller, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var consents = await db.Consents.AsNoTracking().Where(c => c.UserId == caller.UserId).OrderByDescending(c => c.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ConsentsDto(
            consents.Select(ToDto).ToList(),
            PrivacyNotice.Version,
            consents.Any(c => c.Kind == ConsentKind.Privacy && c.InForce && c.Version == PrivacyNotice.Version),
            Consent.Permits(consents, sendsLocation: true)));
    }

    public static async Task<Results<Created<ConsentDto>, Ok<ConsentDto>, ProblemHttpResult>> Give(
        ConsentRequest request, Caller caller, ZhujiDbContext db, AuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var kind = request.Kind!.Value;
        var version = request.Version!.Trim();
        var existing = await db.Consents.AsNoTracking()
            .Where(c => c.UserId == caller.UserId && c.Kind == kind && c.Version == version && c.WithdrawnAt == null).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return TypedResults.Ok(ToDto(existing));
        }

        var consent = Consent.Give(caller.UserId, kind, version, PrivacyNotice.Version, clock.GetUtcNow().UtcDateTime);
        db.Consents.Add(consent);
        audit.Record("ConsentGiven", "User", caller.UserId, null, new { kind, version });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created("/api/v1/me/consents", ToDto(consent));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Withdraw(
        string kind, Caller caller, ZhujiDbContext db, AuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ConsentKind>(kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            return Problems.Validation("kind", "只能撤回 Location（位置信息）授权");
        }

        if (parsed == ConsentKind.Privacy)
        {
            return Problems.Conflict("隐私政策是使用本服务的前提，不能单独撤回；如不再同意，请注销账号");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var inForce = await db.Consents.Where(c => c.UserId == caller.UserId && c.Kind == parsed && c.WithdrawnAt == null).ToListAsync(cancellationToken);
        if (inForce.Count > 0)
        {
            inForce.ForEach(c => c.Withdraw(now));
            audit.Record("ConsentWithdrawn", "User", caller.UserId, null, new { kind = parsed });
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PersonalDataDto>, FileContentHttpResult, ProblemHttpResult>> Download(
        string? format, Caller caller, ZhujiDbContext db, AuditLog audit, IOptions<PrivacyOptions> privacy, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!XlsxExport.TryRead(format, out var xlsx))
        {
            return Problems.Validation("format", XlsxExport.BadFormat);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var roles = await ScopeNames.NameAsync(db, caller.Grants.Select(g => new Auth.RoleDto(g.Role, Ids.Format(g.ScopeId))), cancellationToken);
        var data = await PersonalData.GatherAsync(db, caller.UserId, roles.Select(r => r.ScopeName is null ? Labels.Of(r.Role) : $"{Labels.Of(r.Role)}（{r.ScopeName}）").ToList(),
            privacy.Value.Controller, now, cancellationToken);
        audit.Record("PersonalDataExported", "User", caller.UserId, null, new { format = xlsx ? "xlsx" : "json" });
        await db.SaveChangesAsync(cancellationToken);
        return xlsx
            ? TypedResults.File(PersonalData.Workbook(data), XlsxExport.ContentType, $"我的个人信息-{ShanghaiTime.ToShanghai(now):yyyyMMdd}.xlsx")
            : TypedResults.Ok(data);
    }

    public static async Task<Results<Accepted<CancellationDto>, ProblemHttpResult>> Cancel(
        Caller caller, ZhujiDbContext db, AuditLog audit, GrabStatements statements, UserAccessCache access, CancelledUsers cancelled, TimeProvider clock,
        Infrastructure.Notifications.INotifier notifier, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = caller.UserId;
        var grants = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId).Select(r => new Grant(r.Role, r.ScopeId)).ToListAsync(cancellationToken);
        Cancellation.EnsureAllowed(grants);
        if (await db.AdminAccounts.AnyAsync(a => a.UserId == userId, cancellationToken))
        {
            return Problems.Conflict("后台账号不能在小程序中注销，请联系上级管理员停用");
        }

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        user.Cancel(now);
        var registration = await db.Registrations.SingleOrDefaultAsync(r => r.UserId == userId, cancellationToken);
        registration?.Anonymise(now);
        var member = await db.Members.SingleOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        var released = new List<Claim>();
        if (registration is not null)
        {
            (await db.WorkUnitChanges.Where(c => c.RegistrationId == registration.Id).ToListAsync(cancellationToken)).ForEach(c => c.Anonymise());
        }

        if (member is not null)
        {
            member.Anonymise();
            (await db.YearEndRollEntries.Where(e => e.MemberId == member.Id).ToListAsync(cancellationToken)).ForEach(e => e.Anonymise());
            (await db.Redemptions.Where(r => r.MemberId == member.Id).ToListAsync(cancellationToken)).ForEach(r => r.ForgetHome());
            (await db.Certificates.Where(c => c.MemberId == member.Id).ToListAsync(cancellationToken)).ForEach(c => c.Anonymise());

            // Places he holds on tasks not yet begun go back to the others.
            var open = await (from c in db.Claims
                              where c.MemberId == member.Id && c.Status == ClaimStatus.Claimed && c.HelpGroupId == null
                              join t in db.Tasks on c.TaskId equals t.Id
                              join s in db.TaskShifts on c.ShiftId equals s.Id into shifts
                              from s in shifts.DefaultIfEmpty()
                              select new { Claim = c, StartsAt = s == null ? t.StartsAt : s.StartsAt }).ToListAsync(cancellationToken);
            foreach (var o in open.Where(o => o.StartsAt > now))
            {
                o.Claim.Cancel(o.StartsAt, now);
                released.Add(o.Claim);
            }

            // And he leaves every line he waits in.
            (await db.WaitlistEntries.Where(e => e.MemberId == member.Id && e.Status == WaitlistStatus.Waiting).ToListAsync(cancellationToken)).ForEach(e => e.Leave(now));
        }

        (await db.Wishes.Where(w => w.ResidentUserId == userId).ToListAsync(cancellationToken)).ForEach(w => w.ForgetContact());
        (await db.Consents.Where(c => c.UserId == userId && c.WithdrawnAt == null && c.Kind == ConsentKind.Location).ToListAsync(cancellationToken)).ForEach(c => c.Withdraw(now));
        audit.Record("AccountCancelled", "User", userId, null, new { memberId = Ids.Format(member?.Id), releasedClaims = released.Count });
        await db.SaveChangesAsync(cancellationToken);
        foreach (var claim in released)
        {
            await statements.ReleaseSlotAsync(claim.TaskId, claim.ShiftId, cancellationToken);
        }

        // His places go to the first in line of each task (候补递补).
        var promoted = new List<Promotion>();
        foreach (var claim in released)
        {
            promoted.AddRange(await db.PromoteAsync(statements, claim.TaskId, claim.ShiftId, now, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        await WaitlistEndpoints.TellAsync(db, notifier, promoted, cancellationToken);
        access.Forget(userId);
        cancelled.Add(userId);
        return TypedResults.Accepted("/api/v1/me", new CancellationDto(now, "账号已注销：姓名、手机号、住址和微信标识已删除，服务记录与红旗以“已注销用户”保留。"));
    }

    public static async Task<Results<Ok<Page<CommunityConsentDto>>, ProblemHttpResult>> CommunityConsents(
        long id, ConsentKind? missing, [AsParameters] ListQuery list, Caller caller, ScopedLoader loader, PlaceDirectory places, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var paging = await loader.CommunityPageAsync(id, list.Page, "只能查看本社区的授权情况", cancellationToken);
        if (!paging.Found)
        {
            return paging.Refusal;
        }

        var page = paging.Value;
        var street = (await places.CommunityAsync(id, cancellationToken))!.StreetId;
        var current = PrivacyNotice.Version;
        var query = db.Registrations.AsNoTracking().Where(r => r.CommunityId == id && r.Name != Cancellation.Name);
        if (missing == ConsentKind.Privacy)
        {
            query = query.Where(r => !db.Consents.Any(c => c.UserId == r.UserId && c.Kind == ConsentKind.Privacy && c.Version == current && c.WithdrawnAt == null));
        }
        else if (missing == ConsentKind.Location)
        {
            query = query.Where(r => !db.Consents.Any(c => c.UserId == r.UserId && c.Kind == ConsentKind.Location && c.WithdrawnAt == null));
        }

        query = query.After(page, r => r.Id);

        var rows = await query.OrderBy(r => r.Id).Take(page.Fetch).ToListAsync(cancellationToken);
        var users = rows.Select(r => r.UserId).ToList();
        var consents = await db.Consents.AsNoTracking().Where(c => users.Contains(c.UserId)).ToListAsync(cancellationToken);
        var items = rows.Select(r =>
        {
            var mine = consents.Where(c => c.UserId == r.UserId).ToList();
            var privacy = mine.Where(c => c.Kind == ConsentKind.Privacy && c.InForce).MaxBy(c => c.GivenAt);
            var location = mine.Where(c => c.Kind == ConsentKind.Location).MaxBy(c => c.GivenAt);
            var visible = ScopeRules.SeesPersonalData(caller.Grants, new Place(street, r.CommunityId, r.BlockId, r.WorkUnitId));
            return new CommunityConsentDto(Ids.Format(r.Id), r.Name, visible ? r.Phone : PhoneNumber.Mask(r.Phone), r.Status, privacy?.Version, privacy?.GivenAt,
                privacy?.Version == current, location?.GivenAt, location?.WithdrawnAt);
        }).ToList();
        return TypedResults.Ok(page.ToPage(items, i => i.RegistrationId));
    }

    private static ConsentDto ToDto(Consent c) => new(c.Kind, c.Version, c.GivenAt, c.WithdrawnAt, c.InForce);
}
