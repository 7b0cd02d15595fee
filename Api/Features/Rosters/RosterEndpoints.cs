using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Http;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Files;

namespace Zhuji.Api.Features.Rosters;

public sealed record RosterRejectedRow(int Row, string Reason);

public sealed record RosterImportResult(int Imported, int Updated, int Unchanged, int Removed, IReadOnlyList<RosterRejectedRow> Rejected);

/// <summary>A person on the unit's roster and how far his registration has got (matched by phone).</summary>
public sealed record RosterPersonDto(string Id, string Name, string Phone, RollRegistrationStatus RegistrationStatus, string? MemberId, string? CommunityName, DateTime UpdatedAt);

public sealed record WorkUnitSummary(int Year, int RosterSize, int Registered, int RegisteredInRoster, int Approved, double? RegistrationRate, int Compliant, int NonCompliant);

/// <summary>
/// A work unit's roster (who should register) and how far registration has got. Registrations are matched
/// to the roster by phone number.
/// </summary>
public static class RosterEndpoints
{
    public const long MaxFileBytes = 10 * 1024 * 1024;

    public static RouteGroupBuilder MapRosters(this RouteGroupBuilder api)
    {
        var units = api.MapGroup("/work-units/{id:long}").WithTags("Work units").RequireAuthorization();
        units.MapPost("/roster", Import)
            .WithName("ImportRoster").Idempotent().ScopedBy(ScopeCheck.WorkUnit).WithSummary("导入单位党员名册（.xlsx 或 .csv，列：姓名、手机号）")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxFileBytes))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(413);
        units.MapGet("/roster", View)
            .WithName("ListRoster").ScopedBy(ScopeCheck.WorkUnit).WithSummary("单位名册及每人的报到状态（按姓名或手机号搜索，可只看未报到）")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        units.MapGet("/summary", Summary)
            .WithName("GetWorkUnitSummary").ScopedBy(ScopeCheck.WorkUnit).WithSummary("单位概况：名册人数、已报到、报到率、达标与未达标人数")
            .ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Ok<RosterImportResult>, ProblemHttpResult>> Import(
        long id,
        IFormFile? file,
        bool? replace,
        ScopedLoader loader,
        ZhujiDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await loader.WorkUnitAsync(id, "只能导入本单位的名册", cancellationToken) is { } refused)
        {
            return refused;
        }

        if (file is null || file.Length == 0)
        {
            return Problems.Validation("file", "请上传名册文件");
        }

        RosterFileContent content;
        await using (var stream = file.OpenReadStream())
        {
            content = RosterFile.Read(stream, file.FileName);
        }

        if (content.Error is { } error)
        {
            return Problems.Validation("file", error);
        }

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var existing = await db.RosterEntries.Where(r => r.WorkUnitId == id).ToDictionaryAsync(r => r.Phone, cancellationToken);
        var import = RosterRules.Import(id, content.Rows, existing, replace == true, clock.GetUtcNow().UtcDateTime);
        db.RosterEntries.AddRange(import.Added);
        db.RosterEntries.RemoveRange(import.Removed);
        var (imported, updated, unchanged, removed) = (import.Added.Count, import.Updated, import.Unchanged, import.Removed.Count);
        var rejected = import.Rejected.Select(r => new RosterRejectedRow(r.Row, r.Reason)).ToList();
        audit.Record("RosterImported", "WorkUnit", id, null, new { file = file.FileName, imported, updated, unchanged, removed, rejected = rejected.Count, replace = replace == true });
        await db.SaveChangesAsync(cancellationToken);
        await db.RematchRosterAsync(id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new RosterImportResult(imported, updated, unchanged, removed, rejected));
    }

    public static async Task<Results<Ok<Page<RosterPersonDto>>, ProblemHttpResult>> View(
        long id,
        string? q,
        RollRegistrationStatus? status,
        [AsParameters] ListQuery list,
        ScopedLoader loader,
        ZhujiDbContext db,
        CancellationToken cancellationToken)
    {
        var page = list.Page;

        if (q is { Length: > 20 })
        {
            return Problems.Validation("q", SearchTerm.TooLong);
        }

        if (await loader.WorkUnitAsync(id, "只能查看本单位的名册", cancellationToken) is { } refused)
        {
            return refused;
        }

        var entries = db.RosterEntries.AsNoTracking().Where(e => e.WorkUnitId == id);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            var phone = PhoneNumber.Normalize(term);
            entries = entries.Where(phone != null ? e => e.Phone == phone : e => e.Name.Contains(term));
        }

        var registrations = db.Registrations.Where(r => r.WorkUnitId == id);
        entries = status switch
        {
            null => entries,
            RollRegistrationStatus.NotRegistered => entries.Where(e => !registrations.Any(r => r.Phone == e.Phone && r.Status != RegistrationStatus.Rejected)),
            RollRegistrationStatus.Approved => entries.Where(e => registrations.Any(r => r.Phone == e.Phone && r.Status == RegistrationStatus.Approved)),
            RollRegistrationStatus.Pending => entries.Where(e => registrations.Any(r => r.Phone == e.Phone && r.Status == RegistrationStatus.Pending)),
            _ => entries.Where(e => registrations.Any(r => r.Phone == e.Phone && r.Status == RegistrationStatus.Rejected)),
        };
        entries = entries.After(page, e => e.Id);

        var people = await entries.OrderBy(e => e.Id).Take(page.Fetch).ToListAsync(cancellationToken);
        var phones = people.Select(e => e.Phone).ToList();
        var found = await (from r in registrations.Where(r => phones.Contains(r.Phone))
                           join c in db.Communities on r.CommunityId equals c.Id
                           select new { r.Phone, r.Status, r.MemberId, Community = c.Name }).ToListAsync(cancellationToken);

        // One registration per phone as the roster shows it: approved before waiting before sent back.
        var best = found.GroupBy(r => r.Phone).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Status switch
        {
            RegistrationStatus.Approved => 0,
            RegistrationStatus.Pending => 1,
            _ => 2,
        }).First());
        var items = people.Select(e => best.TryGetValue(e.Phone, out var r)
            ? new RosterPersonDto(Ids.Format(e.Id), e.Name, e.Phone, r.Status switch
            {
                RegistrationStatus.Approved => RollRegistrationStatus.Approved,
                RegistrationStatus.Pending => RollRegistrationStatus.Pending,
                _ => RollRegistrationStatus.Rejected,
            }, Ids.Format(r.MemberId), r.Community, e.UpdatedAt)
            : new RosterPersonDto(Ids.Format(e.Id), e.Name, e.Phone, RollRegistrationStatus.NotRegistered, null, null, e.UpdatedAt)).ToList();
        return TypedResults.Ok(page.ToPage(items, i => i.Id));
    }

    public static async Task<Results<Ok<WorkUnitSummary>, ProblemHttpResult>> Summary(
        long id,
        int? year,
        ScopedLoader loader,
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

        if (await loader.WorkUnitAsync(id, "只能查看本单位的概况", cancellationToken) is { } refused)
        {
            return refused;
        }

        var rosterSize = await db.RosterEntries.CountAsync(r => r.WorkUnitId == id, cancellationToken);
        var registrations = db.Registrations.Where(r => r.WorkUnitId == id && r.Status != RegistrationStatus.Rejected);
        var registered = await registrations.CountAsync(cancellationToken);
        var approved = await registrations.CountAsync(r => r.Status == RegistrationStatus.Approved, cancellationToken);
        var registeredInRoster = await db.RosterEntries
            .CountAsync(e => e.WorkUnitId == id && registrations.Any(r => r.Phone == e.Phone), cancellationToken);
        double? rate = rosterSize == 0 ? null : Math.Round((double)registeredInRoster / rosterSize, 4);
        var period = asked.Value;
        var roll = await WorkUnitRoll.BuildAsync(db, id, period, compliance.Value.Policy, cancellationToken);
        return TypedResults.Ok(new WorkUnitSummary(period, rosterSize, registered, registeredInRoster, approved, rate,
            roll.Count(r => r.Compliant == true), roll.Count(r => r.Compliant == false)));
    }
}
