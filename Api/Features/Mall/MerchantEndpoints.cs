using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Mall;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Files;

namespace Zhuji.Api.Features.Mall;

/// <summary>Merchants (商家) that accept points: created by the city or a community; their redemptions and monthly statements.</summary>
public static class MerchantEndpoints
{
    public static RouteGroupBuilder MapMerchants(this RouteGroupBuilder api)
    {
        var merchants = api.MapGroup("/merchants").WithTags("Mall").RequireAuthorization();
        merchants.MapPost("/", Create)
            .WithName("CreateMerchant").ScopedBy(ScopeCheck.Place).WithSummary("新增商家（市级；社区为本社区新增）")
            .Validate<CreateMerchantRequest>().Idempotent()
            .ProducesProblem(403).ProducesProblem(409);
        merchants.MapGet("/", List)
            .WithName("ListMerchants").ScopedBy(ScopeCheck.Place).WithSummary("商家：市级看全部，街道、社区看服务本辖区的，商家看本商家")
            .ProducesProblem(400).ProducesProblem(403);
        merchants.MapGet("/{id:long}/redemptions", Redemptions)
            .WithName("ListMerchantRedemptions").ScopedBy(ScopeCheck.Place).WithSummary("商家的兑换记录（可按月、按状态）")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        merchants.MapGet("/{id:long}/statements", Statement)
            .WithName("GetMerchantStatement").ScopedBy(ScopeCheck.Place).WithSummary("商家月结单（.xlsx）：当月已核销的兑换；物业公司为住户、积分与抵扣金额")
            .Produces(StatusCodes.Status200OK, contentType: XlsxExport.ContentType)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<MerchantDto>, ProblemHttpResult>> Create(
        CreateMerchantRequest request, [AsParameters] AdminServices admin, CancellationToken cancellationToken)
    {
        var db = admin.Db;
        var ids = request.CommunityIds!.Select(id => Ids.ParseOrNull(id)!.Value).Distinct().ToList();
        foreach (var id in ids)
        {
            var place = await admin.Places.CommunityAsync(id, cancellationToken);
            if (place is null)
            {
                return Problems.Validation("communityIds", "社区不存在");
            }

            if (!admin.Caller.Administers(place))
            {
                return Problems.Forbidden("只能为本辖区的社区新增商家");
            }
        }

        var name = request.Name!.Trim();
        if (await db.Merchants.AnyAsync(m => m.Name == name, cancellationToken))
        {
            return Problems.Conflict("已有同名商家");
        }

        var merchant = new Merchant(name, request.Kind!.Value, ids, admin.Caller.UserId, admin.Now);
        db.Merchants.Add(merchant);
        admin.Audit.RecordFor("MerchantCreated", "Merchant", merchant, null, new { merchant.Name, merchant.Kind, communityIds = ids });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return Problems.Conflict("已有同名商家");
        }

        return TypedResults.Created($"/api/v1/merchants/{merchant.Id}", (await ProjectAsync(db, db.Merchants.Where(m => m.Id == merchant.Id), cancellationToken))[0]);
    }

    public static async Task<Results<Ok<Page<MerchantDto>>, ProblemHttpResult>> List(
        [AsParameters] ListQuery list, Caller caller, ScopeQueries scopes, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;

        var query = db.Merchants.AsNoTracking();
        if (!caller.IsCityAdmin)
        {
            var communities = await scopes.CommunitiesAsync(cancellationToken);
            var own = scopes.Merchants;
            if (communities.Count == 0 && own.Count == 0)
            {
                return Problems.Forbidden("仅市级、街道、社区管理员和商家可以查看商家");
            }

            query = query.Where(m => own.Contains(m.Id) || db.MerchantCommunities.Any(mc => mc.MerchantId == m.Id && communities.Contains(mc.CommunityId)));
        }

        query = query.After(page, m => m.Id);

        var items = await ProjectAsync(db, query.OrderBy(m => m.Id).Take(page.Fetch), cancellationToken);
        return TypedResults.Ok(page.ToPage(items, m => m.Id));
    }

    public static async Task<Results<Ok<Page<RedemptionDto>>, ProblemHttpResult>> Redemptions(
        long id, string? month, RedemptionStatus? status, [AsParameters] ListQuery list, Caller caller, PlaceDirectory places, ZhujiDbContext db, ScopeQueries scopes,
        CancellationToken cancellationToken)
    {
        var page = list.Page;

        var range = Month.Read(month, optional: true);
        if (!range.Found)
        {
            return range.Refusal;
        }

        if (await MerchantAccessAsync(id, caller, places, cancellationToken) is { } refused)
        {
            return refused;
        }

        var query = db.Redemptions.AsNoTracking().Where(r => r.MerchantId == id);
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        if (range.Value is var (start, end) && start != end)
        {
            query = status == RedemptionStatus.Fulfilled
                ? query.Where(r => r.FulfilledAt >= start && r.FulfilledAt < end)
                : query.Where(r => r.CreatedAt >= start && r.CreatedAt < end);
        }

        query = query.Before(page, r => r.Id);

        var items = await RedemptionViews.ProjectAsync(db, query.OrderByDescending(r => r.Id).Take(page.Fetch), await scopes.SeesNamesInAsync(null, cancellationToken),
            showCode: false, cancellationToken);
        return TypedResults.Ok(page.ToPage(items, r => r.Id));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Statement(
        long id, string? month, Caller caller, PlaceDirectory places, ZhujiDbContext db, ScopeQueries scopes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var range = Month.Read(month, optional: false);
        if (!range.Found)
        {
            return range.Refusal;
        }

        if (await MerchantAccessAsync(id, caller, places, cancellationToken) is { } refused)
        {
            return refused;
        }

        var merchant = await db.Merchants.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
        var (start, end) = range.Value;
        var fulfilled = db.Redemptions.AsNoTracking().Where(r => r.MerchantId == id && r.Status == RedemptionStatus.Fulfilled && r.FulfilledAt >= start && r.FulfilledAt < end)
            .OrderBy(r => r.FulfilledAt).ThenBy(r => r.Id);
        var rows = await RedemptionViews.ProjectAsync(db, fulfilled, await scopes.SeesNamesInAsync(null, cancellationToken), showCode: true, cancellationToken);
        var property = merchant.Kind == MerchantKind.PropertyCompany;
        var columns = new List<SheetColumn> { new("序号", CellKind.Number), new("核销时间") };
        if (property)
        {
            columns.Add(new("住户（小区 楼幢 单元 室）"));
        }

        columns.AddRange([new("兑换人"), new("商品"), new("兑换码"), new("数量", CellKind.Number), new("积分", CellKind.Number), new(property ? "抵扣金额（元）" : "金额（元）", CellKind.Number)]);
        var data = rows.Select((r, i) =>
        {
            var cells = new List<object?> { i + 1, r.FulfilledAt is { } at ? ShanghaiTime.ToShanghai(at).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "" };
            if (property)
            {
                cells.Add(r.Home ?? "");
            }

            cells.AddRange([r.MemberName, r.ItemTitle, r.Code, r.Quantity, r.Points, r.Amount]);
            return cells.ToArray();
        }).ToList();
        var local = ShanghaiTime.ToShanghai(start);
        var now = clock.GetUtcNow().UtcDateTime;
        var sheet = new PrintableSheet("月结单", $"{merchant.Name} {local:yyyy 年 M 月}积分兑换{(property ? "抵扣物业费" : "")}结算单",
            [$"结算期间：{local:yyyy-MM-dd} 至 {ShanghaiTime.ToShanghai(end).AddDays(-1):yyyy-MM-dd}（北京时间，以核销时间计）", $"生成时间：{ShanghaiTime.Describe(now)}（北京时间）"],
            columns, data,
            [$"合计：{rows.Count} 笔，{rows.Sum(r => r.Quantity)} 份，积分 {rows.Sum(r => r.Points)}，金额 {rows.Sum(r => r.Amount ?? 0):0.00} 元"],
            FrozenColumns: property ? 3 : 2);
        return TypedResults.File(PrintableWorkbook.Write([sheet]), XlsxExport.ContentType, $"{merchant.Name}-{local:yyyy年M月}积分兑换结算单.xlsx");
    }

    /// <summary>The merchant's own admins, the admins of the one community it serves (and its street), and the city.</summary>
    internal static async Task<ProblemHttpResult?> MerchantAccessAsync(long id, Caller caller, PlaceDirectory places, CancellationToken cancellationToken) =>
        await places.MerchantAsync(id, cancellationToken) is not { } place ? Problems.NotFound("商家不存在")
        : caller.Administers(place) ? null
        : Problems.Forbidden("只能查看本商家的兑换");

    private static async Task<List<MerchantDto>> ProjectAsync(ZhujiDbContext db, IQueryable<Merchant> merchants, CancellationToken cancellationToken)
    {
        var rows = await merchants.Select(m => new
        {
            m.Id,
            m.Name,
            m.Kind,
            m.CreatedAt,
            Communities = (from mc in db.MerchantCommunities
                           join c in db.Communities on mc.CommunityId equals c.Id
                           where mc.MerchantId == m.Id
                           orderby c.Id
                           select new { c.Id, c.Name }).ToList(),
        }).ToListAsync(cancellationToken);
        return rows.Select(r => new MerchantDto(Ids.Format(r.Id), r.Name, r.Kind, r.Communities.Select(c => Ids.Format(c.Id)).ToList(),
            r.Communities.Select(c => c.Name).ToList(), r.CreatedAt)).ToList();
    }
}

/// <summary>A month as <c>yyyy-MM</c> (Shanghai), as UTC bounds.</summary>
internal static class Month
{
    public static Loaded<(DateTime Start, DateTime End)> Read(string? month, bool optional)
    {
        if (string.IsNullOrEmpty(month))
        {
            if (optional)
            {
                return (default(DateTime), default(DateTime));
            }

            return Problems.Validation("month", "请指定月份（如 2027-03）");
        }

        if (!DateTime.TryParseExact(month, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var first) || first.Year is < 2000 or > 2100)
        {
            return Problems.Validation("month", "月份格式应为 yyyy-MM（如 2027-03）");
        }

        return (ShanghaiTime.FromShanghaiLocal(first), ShanghaiTime.FromShanghaiLocal(first.AddMonths(1)));
    }
}
