using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Mall;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Mall;

/// <summary>The points mall's items (积分商场): the city's for everyone, a community's for its members.</summary>
public static class MallItemEndpoints
{
    public static RouteGroupBuilder MapMallItems(this RouteGroupBuilder api)
    {
        var items = api.MapGroup("/mall/items").WithTags("Mall").RequireAuthorization();
        items.MapPost("/", Create)
            .WithName("CreateMallItem").ScopedBy(ScopeCheck.Place).WithSummary("上架积分商品（市级：全市或任一社区；社区：仅本社区）")
            .Validate<MallItemRequest>().Idempotent()
            .ProducesProblem(403).ProducesProblem(404);
        items.MapPut("/{id:long}", Revise)
            .WithName("ReviseMallItem").ScopedBy(ScopeCheck.Place).WithSummary("修改积分商品（库存不少于已兑换份数）")
            .Validate<MallItemRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        items.MapPost("/{id:long}/withdraw", Withdraw)
            .WithName("WithdrawMallItem").ScopedBy(ScopeCheck.Place).WithSummary("下架积分商品（已兑换的仍可核销或取消）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        items.MapGet("/", List)
            .WithName("ListMallItems").ScopedBy(ScopeCheck.AnyUser).WithSummary("积分商品：党员看全市的和本社区的在架商品；管理员看本辖区的全部（可按状态）")
            .ProducesProblem(400);
        items.MapGet("/{id:long}", Get)
            .WithName("GetMallItem").ScopedBy(ScopeCheck.AnyUser).WithSummary("积分商品详情")
            .ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<MallItemDto>, ProblemHttpResult>> Create(
        MallItemRequest request, [AsParameters] AdminServices admin, CancellationToken cancellationToken)
    {
        var checkedPlan = await CheckAsync(request, admin, cancellationToken);
        if (!checkedPlan.Found)
        {
            return checkedPlan.Refusal;
        }

        var (merchant, communityId, plan) = checkedPlan.Value;
        var item = new MallItem(merchant.Id, communityId, plan, merchant.Kind, admin.Caller.UserId, admin.Now);
        var db = admin.Db;
        db.MallItems.Add(item);
        admin.Audit.RecordFor("MallItemCreated", "MallItem", item, null, new { item.Title, item.Points, item.Stock, item.Kind, merchantId = merchant.Id, communityId });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/mall/items/{item.Id}", ToDto(item, merchant.Name, item.AvailableFrom is null || item.AvailableFrom <= admin.Now));
    }

    public static async Task<Results<Ok<MallItemDto>, ProblemHttpResult>> Revise(
        long id, MallItemRequest request, [AsParameters] AdminServices admin, CancellationToken cancellationToken)
    {
        var db = admin.Db;
        var item = await db.MallItems.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (await ItemAccessAsync(item, admin, cancellationToken) is { } refused)
        {
            return refused;
        }

        var checkedPlan = await CheckAsync(request, admin, cancellationToken);
        if (!checkedPlan.Found)
        {
            return checkedPlan.Refusal;
        }

        var (merchant, communityId, plan) = checkedPlan.Value;
        var before = new { item!.Title, item.Points, item.Stock, item.PerMemberLimit };
        item.Revise(plan, merchant.Id, communityId, merchant.Kind);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        admin.Audit.Record("MallItemRevised", "MallItem", id, before, new { item.Title, item.Points, item.Stock, item.PerMemberLimit });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.InvalidState("修改期间有人兑换了该商品，请刷新后再改");
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ToDto(item, merchant.Name, item.OnSaleAt(admin.Now)));
    }

    public static async Task<Results<Ok<MallItemDto>, ProblemHttpResult>> Withdraw(
        long id, [AsParameters] AdminServices admin, CancellationToken cancellationToken)
    {
        var db = admin.Db;
        var item = await db.MallItems.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (await ItemAccessAsync(item, admin, cancellationToken) is { } refused)
        {
            return refused;
        }

        item!.Withdraw();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        admin.Audit.Record("MallItemWithdrawn", "MallItem", id, new { status = MallItemStatus.OnSale }, new { status = MallItemStatus.Withdrawn });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.InvalidState("下架期间有人兑换了该商品，请再试一次");
        }

        await transaction.CommitAsync(cancellationToken);
        var merchant = await db.Merchants.AsNoTracking().Where(m => m.Id == item.MerchantId).Select(m => m.Name).SingleAsync(cancellationToken);
        return TypedResults.Ok(ToDto(item, merchant, false));
    }

    public static async Task<Results<Ok<Page<MallItemDto>>, ProblemHttpResult>> List(
        MallItemKind? kind, MallItemStatus? status, string? merchantId, [AsParameters] ListQuery list,
        Caller caller, CallerMember me, ScopeQueries scopes, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var page = list.Page;

        if (merchantId is not null && !Ids.TryParse(merchantId, out _))
        {
            return Problems.Validation("merchantId", "商家 ID 无效");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.MallItems.AsNoTracking();
        if (!caller.IsCityAdmin)
        {
            var communities = caller.IsAdmin ? (await scopes.CommunitiesAsync(cancellationToken)).ToList() : [];
            var merchants = scopes.Merchants;
            if (await me.GetAsync(cancellationToken) is { } member)
            {
                communities.Add(member.CommunityId);
            }

            // What a member may redeem: the city's items and his community's; his admins also see their communities'.
            query = query.Where(i => i.CommunityId == null || communities.Contains(i.CommunityId.Value) || merchants.Contains(i.MerchantId));
        }

        // Members see what is on sale now or coming; admins every state, or the one asked for.
        if (!caller.IsAdmin)
        {
            query = query.Where(i => i.Status == MallItemStatus.OnSale && (i.AvailableUntil == null || i.AvailableUntil > now));
        }
        else if (status is not null)
        {
            query = query.Where(i => i.Status == status);
        }

        if (kind is not null)
        {
            query = query.Where(i => i.Kind == kind);
        }

        if (Ids.ParseOrNull(merchantId) is { } merchant)
        {
            query = query.Where(i => i.MerchantId == merchant);
        }

        query = query.Before(page, i => i.Id);

        var rows = await (from i in query.OrderByDescending(i => i.Id).Take(page.Fetch)
                          join m in db.Merchants on i.MerchantId equals m.Id
                          select new { Item = i, Merchant = m.Name }).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows.Select(r => ToDto(r.Item, r.Merchant, r.Item.OnSaleAt(now))).ToList(), i => i.Id));
    }

    public static async Task<Results<Ok<MallItemDto>, ProblemHttpResult>> Get(
        long id, Caller caller, CallerMember me, ScopeQueries scopes, PlaceDirectory places, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var row = await (from i in db.MallItems.AsNoTracking()
                         join m in db.Merchants on i.MerchantId equals m.Id
                         where i.Id == id
                         select new { Item = i, Merchant = m.Name }).SingleOrDefaultAsync(cancellationToken);
        if (row is null || !await VisibleAsync(row.Item, caller, me, scopes, places, cancellationToken))
        {
            return Problems.NotFound("商品不存在");
        }

        return TypedResults.Ok(ToDto(row.Item, row.Merchant, row.Item.OnSaleAt(clock.GetUtcNow().UtcDateTime)));
    }

    /// <summary>A community's item is seen by its members, its admins, its merchant's admins and the city; the city's by everyone.</summary>
    internal static async Task<bool> VisibleAsync(MallItem item, Caller caller, CallerMember me, ScopeQueries scopes, PlaceDirectory places, CancellationToken cancellationToken)
    {
        if (item.CommunityId is not { } community || caller.IsCityAdmin || scopes.Merchants.Contains(item.MerchantId))
        {
            return true;
        }

        if (await me.GetAsync(cancellationToken) is { } member && member.CommunityId == community)
        {
            return true;
        }

        return await places.CommunityAsync(community, cancellationToken) is { } place && caller.Administers(place);
    }

    internal static MallItemDto ToDto(MallItem i, string merchantName, bool onSale) =>
        new(Ids.Format(i.Id), Ids.Format(i.MerchantId), merchantName, i.CommunityId is { } c ? Ids.Format(c) : null, i.Title, i.Description, i.ImageUrl,
            i.Points, i.Stock, i.Redeemed, i.Remaining, i.PerMemberLimit, i.Kind, i.FaceValue, i.AvailableFrom, i.AvailableUntil, i.Status, onSale && i.Status == MallItemStatus.OnSale);

    /// <summary>The city for any item; a community's (or street's) admins for their community's items.</summary>
    private static async Task<ProblemHttpResult?> ItemAccessAsync(MallItem? item, AdminServices admin, CancellationToken cancellationToken)
    {
        if (item is null)
        {
            return Problems.NotFound("商品不存在");
        }

        if (admin.Caller.IsCityAdmin)
        {
            return null;
        }

        return item.CommunityId is { } community && await admin.Places.CommunityAsync(community, cancellationToken) is { } place && admin.Caller.Administers(place)
            ? null
            : Problems.Forbidden("只能管理本社区的积分商品");
    }

    /// <summary>The merchant exists and serves the item's community; a community's admins publish only for their own community.</summary>
    private static async Task<Loaded<(Merchant Merchant, long? CommunityId, MallItemPlan Plan)>> CheckAsync(
        MallItemRequest request, AdminServices admin, CancellationToken cancellationToken)
    {
        var db = admin.Db;
        var merchantId = Ids.ParseOrNull(request.MerchantId)!.Value;
        var communityId = Ids.ParseOrNull(request.CommunityId);
        var merchant = await db.Merchants.AsNoTracking().Include(m => m.Communities).SingleOrDefaultAsync(m => m.Id == merchantId, cancellationToken);
        if (merchant is null)
        {
            return Problems.NotFound("商家不存在");
        }

        var place = communityId is { } community ? await admin.Places.CommunityAsync(community, cancellationToken) : null;
        if (communityId is not null && place is null)
        {
            return Problems.NotFound("社区不存在");
        }

        switch (MallPlacement.Check(admin.Caller.IsCityAdmin, place is not null && admin.Caller.Administers(place), merchant.Communities.Select(c => c.CommunityId), communityId))
        {
            case PlacementRefusal.MerchantDoesNotServe:
                return Problems.Validation("merchantId", MallPlacement.Describe(PlacementRefusal.MerchantDoesNotServe));
            case { } refusal:
                return Problems.Forbidden(MallPlacement.Describe(refusal));
        }

        return (merchant, communityId, new MallItemPlan(request.Title!.Trim(), request.Description?.Trim() ?? "", request.ImageUrl, request.Points!.Value, request.Stock!.Value,
            request.PerMemberLimit!.Value, request.Kind!.Value, request.FaceValue, request.AvailableFrom, request.AvailableUntil));
    }
}
