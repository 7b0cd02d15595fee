using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Files;

namespace Zhuji.Api.Features.Members;

/// <summary>An approved member living in the community, as its admins list them.</summary>
public sealed record CommunityMemberDto(
    string Id,
    string Name,
    string Phone,
    MemberType MemberType,
    string BlockId,
    string BlockName,
    string Address,
    string? WorkUnitId,
    string? WorkUnitName,
    IReadOnlyList<string> Skills,
    int FlagsThisYear,
    bool Moving,
    DateTime FirstApprovedAt);

/// <summary>The community's members for its admins: search by name or phone, flags this year, export.</summary>
public static class CommunityMemberEndpoints
{
    public static RouteGroupBuilder MapCommunityMembers(this RouteGroupBuilder api)
    {
        api.MapGet("/communities/{id:long}/members", List)
            .WithTags("Members").WithName("ListCommunityMembers").ScopedBy(ScopeCheck.Place).WithSummary("社区党员名单（按姓名或手机号搜索；今年亮旗数；format=xlsx 导出全部）")
            .RequireAuthorization()
            .ExportsXlsx<CommunityMemberDto>()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Ok<Page<CommunityMemberDto>>, FileContentHttpResult, ProblemHttpResult>> List(
        long id,
        string? q,
        string? blockId,
        [AsParameters] ExportQuery list,
        Caller caller,
        ScopedLoader loader,
        PlaceDirectory places,
        ZhujiDbContext db,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var xlsx = list.Xlsx;

        if (q is { Length: > 20 } || (blockId is not null && !Ids.TryParse(blockId, out _)))
        {
            return Problems.Validation(q is { Length: > 20 } ? "q" : "blockId", q is { Length: > 20 } ? SearchTerm.TooLong : "小区 ID 无效");
        }

        var paging = await loader.CommunityPageAsync(id, list.Page, "只能查看本社区的党员", cancellationToken);
        if (!paging.Found)
        {
            return paging.Refusal;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var year = ShanghaiTime.YearOf(now);
        var street = (await places.CommunityAsync(id, cancellationToken))!.StreetId;
        var query = db.Members.AsNoTracking().Where(m => m.CommunityId == id);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            var phone = PhoneNumber.Normalize(term);
            query = query.Where(phone != null ? m => m.Phone == phone : m => m.Name.Contains(term));
        }

        if (Ids.ParseOrNull(blockId) is { } block)
        {
            query = query.Where(m => m.BlockId == block);
        }

        async Task<Page<CommunityMemberDto>> Fetch(PageRequest page)
        {
            var members = query.After(page, m => m.Id);
            var rows = await (from m in members.OrderBy(m => m.Id).Take(page.Fetch)
                              join r in db.Registrations on m.RegistrationId equals r.Id
                              join b in db.Blocks on m.BlockId equals b.Id
                              join u in db.WorkUnits on m.WorkUnitId equals u.Id into units
                              from u in units.DefaultIfEmpty()
                              select new { Member = m, Block = b.Name, WorkUnit = u == null ? null : u.Name, r.Building, r.Unit, r.Room, r.Status, MovingTo = r.CommunityId })
                .ToListAsync(cancellationToken);
            var ids = rows.Select(r => r.Member.Id).ToList();
            var flags = await db.FlagEntries.Where(f => f.PeriodYear == year && ids.Contains(f.MemberId))
                .GroupBy(f => f.MemberId).Select(g => new { g.Key, Flags = g.Sum(f => f.Flags) }).ToDictionaryAsync(g => g.Key, g => g.Flags, cancellationToken);
            var items = rows.OrderBy(r => r.Member.Id).Select(r =>
            {
                var m = r.Member;
                var visible = ScopeRules.SeesPersonalData(caller.Grants, new Place(street, m.CommunityId, m.BlockId, m.WorkUnitId));
                return new CommunityMemberDto(Ids.Format(m.Id), m.Name, visible ? m.Phone : PhoneNumber.Mask(m.Phone), m.MemberType, Ids.Format(m.BlockId), r.Block,
                    visible ? $"{r.Building}{r.Unit}{r.Room}" : "", Ids.Format(m.WorkUnitId), r.WorkUnit, m.Skills, flags.GetValueOrDefault(m.Id),
                    r.Status == RegistrationStatus.Pending && r.MovingTo != m.CommunityId, m.FirstApprovedAt);
            }).ToList();
            return page.ToPage(items, i => i.Id);
        }

        if (xlsx)
        {
            var community = await db.Communities.Where(c => c.Id == id).Select(c => c.Name).SingleAsync(cancellationToken);
            return await XlsxExport.AllAsync(Fetch, $"{community}在册党员", $"{community}-党员",
            [
                new("姓名", m => m.Name), ExportColumn<CommunityMemberDto>.Phone(m => m.Phone), new("类别", m => Labels.Of(m.MemberType)),
                new("小区", m => m.BlockName), new("住址", m => m.Address), new("单位", m => m.WorkUnitName ?? "—"), new("特长", m => string.Join("、", m.Skills)),
                new($"{year} 年亮旗", m => m.FlagsThisYear, CellKind.Number), new("报到时间", m => ShanghaiTime.Describe(m.FirstApprovedAt)),
            ], now, unmaskedPhones: list.UnmaskedPhones);
        }

        return TypedResults.Ok(await Fetch(paging.Value));
    }
}
