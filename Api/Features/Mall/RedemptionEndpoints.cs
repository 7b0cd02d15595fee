using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Hosting;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Points;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Mall;

/// <summary>Redemptions (兑换): a member spends points on an item; the merchant verifies the one-time code once.</summary>
public static class RedemptionEndpoints
{
    public static RouteGroupBuilder MapRedemptions(this RouteGroupBuilder api)
    {
        api.MapPost("/mall/items/{id:long}/redemptions", Redeem)
            .WithTags("Mall").WithName("Redeem").ScopedBy(ScopeCheck.Self).WithSummary("用积分兑换（扣积分、占库存、得一次性兑换码）")
            .RequireAuthorization().RequireMember()
            .Validate<RedeemRequest>().Idempotent()
            .RateLimited(RateLimitedAs.Claims)
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        var redemptions = api.MapGroup("/redemptions").WithTags("Mall").RequireAuthorization();
        redemptions.MapPost("/{id:long}/cancel", Cancel)
            .WithName("CancelRedemption").ScopedBy(ScopeCheck.Self).WithSummary("取消尚未核销的兑换，积分退回")
            .RequireMember()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        redemptions.MapPost("/verify", Verify)
            .WithName("VerifyRedemption").ScopedBy(ScopeCheck.Place).WithSummary("商家（或社区）核销兑换码，一码一次")
            .Validate<VerifyRedemptionRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        redemptions.MapGet("/{id:long}/qrcode.png", QrCode)
            .WithName("GetRedemptionQrCode").ScopedBy(ScopeCheck.Self).WithSummary("兑换码的二维码（本人出示给商家扫码）")
            .RequireMember()
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(404);
        api.MapGet("/me/redemptions", Mine)
            .WithTags("Mall").WithName("ListMyRedemptions").ScopedBy(ScopeCheck.Self).WithSummary("我的兑换，最新在前")
            .RequireAuthorization().RequireMember()
            .ProducesProblem(400);
        return api;
    }

    public static async Task<Results<Created<RedemptionDto>, ProblemHttpResult>> Redeem(
        long id, RedeemRequest request, CallerMember me, Caller caller, ScopeQueries scopes, PlaceDirectory places, ZhujiDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var member = me.Scope;
        var now = clock.GetUtcNow().UtcDateTime;
        var item = await db.MallItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null || !await MallItemEndpoints.VisibleAsync(item, caller, me, scopes, places, cancellationToken))
        {
            return Problems.NotFound("商品不存在");
        }

        // Cheap answers first, without the write path: most of a storm on a sold-out item ends at the item's side.
        var quantity = request.Quantity!.Value;
        var cost = checked(item.Points * quantity);
        var outcome = RedemptionRules.CheckItem(item, member.CommunityId, quantity, now) is var refused and not RedeemOutcome.Allowed
            ? refused
            : RedemptionRules.CheckMember(item, quantity, await MallWrites.BalanceAsync(db, member.Id, cancellationToken),
                await MallWrites.HeldAsync(db, item.Id, member.Id, cancellationToken));
        switch (outcome)
        {
            case RedeemOutcome.CommunityOnly:
                return Problems.Forbidden(RedemptionRules.CommunityOnlyMessage);
            case RedeemOutcome.NotOnSale:
                return Problems.InvalidState(item.RefusalAt(now) ?? "商品暂不可兑换");
            case RedeemOutcome.OutOfStock:
                return OutOfStock(item.Remaining);
            case RedeemOutcome.InsufficientPoints:
                return InsufficientPoints(await MallWrites.BalanceAsync(db, member.Id, cancellationToken), cost);
            case RedeemOutcome.LimitReached:
                return LimitReached(item.PerMemberLimit);
        }

        var home = item.Kind == MallItemKind.PropertyFeeOffset
            ? await db.Registrations.AsNoTracking().Where(r => r.Id == db.Members.Where(m => m.Id == member.Id).Select(m => m.RegistrationId).First())
                .Select(r => new HomeAddress(r.CommunityId, r.BlockId, r.Building, r.Unit, r.Room)).SingleOrDefaultAsync(cancellationToken)
            : null;
        var redemption = new Redemption(item, member.Id, quantity, home, now);

        // The decisive checks, as statements the database enforces (MallWrites): stock, balance, the member's limit.
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        switch (await MallWrites.ReserveAsync(db, item, member.Id, quantity, cost, cancellationToken))
        {
            case ReserveOutcome.OutOfStock:
                return OutOfStock(0);
            case ReserveOutcome.InsufficientPoints:
                return InsufficientPoints(await MallWrites.BalanceAsync(db, member.Id, cancellationToken), cost);
            case ReserveOutcome.LimitReached:
                return LimitReached(item.PerMemberLimit);
        }

        db.Redemptions.Add(redemption);
        await db.SaveChangesAsync(cancellationToken);
        db.PointsEntries.Add(PointsEntry.Redeemed(member.Id, redemption.Id, cost, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var view = await RedemptionViews.ProjectAsync(db, db.Redemptions.Where(r => r.Id == redemption.Id), _ => true, showCode: true, cancellationToken);
        return TypedResults.Created($"/api/v1/redemptions/{redemption.Id}", view[0]);
    }

    public static async Task<Results<Ok<RedemptionDto>, ProblemHttpResult>> Cancel(
        long id, CallerMember me, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var member = me.Scope;
        var redemption = await db.Redemptions.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (redemption is null || redemption.MemberId != member.Id)
        {
            return Problems.NotFound("兑换记录不存在");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        redemption.Cancel(member.Id, now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.PointsEntries.Add(PointsEntry.Refunded(member.Id, redemption.Id, redemption.Points, now));
        try
        {
            // The status is the concurrency token: a verification or another cancel that came first wins, once.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e))
        {
            return Problems.InvalidState("该兑换已核销或已取消");
        }

        await MallWrites.ReleaseAsync(db, redemption.ItemId, redemption.Quantity, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var view = await RedemptionViews.ProjectAsync(db, db.Redemptions.Where(r => r.Id == id), _ => true, showCode: true, cancellationToken);
        return TypedResults.Ok(view[0]);
    }

    public static async Task<Results<Ok<RedemptionDto>, ProblemHttpResult>> Verify(
        VerifyRedemptionRequest request, [AsParameters] AdminServices admin, ScopeQueries scopes, CancellationToken cancellationToken)
    {
        var db = admin.Db;
        var code = Redemption.NormalizeCode(request.Code!);
        var redemption = await db.Redemptions.SingleOrDefaultAsync(r => r.Code == code, cancellationToken);
        if (redemption is null)
        {
            return Problems.NotFound("兑换码不存在，请核对");
        }

        var found = await (from i in db.MallItems
                           join m in db.Members on redemption.MemberId equals m.Id
                           where i.Id == redemption.ItemId
                           select new { i.CommunityId, MemberCommunity = m.CommunityId, m.UserId }).SingleAsync(cancellationToken);
        // The merchant's admins, the admins of the item's community (a city-wide item: of the member's community), the
        // city: the scope rules over that place (no street on it, so street admins are not among them).
        if (!admin.Caller.Administers(new Place(CommunityId: found.CommunityId ?? found.MemberCommunity, MerchantId: redemption.MerchantId)))
        {
            return Problems.Forbidden("只能核销本商家（或本社区）的兑换码");
        }

        redemption.Fulfil(admin.Caller.UserId, found.UserId, admin.Now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        admin.Audit.Record("RedemptionVerified", "Redemption", redemption.Id, new { status = RedemptionStatus.Reserved }, new { status = redemption.Status, redemption.Quantity, redemption.Points });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.InvalidState("该兑换码已核销或已取消");
        }

        await transaction.CommitAsync(cancellationToken);
        var view = await RedemptionViews.ProjectAsync(db, db.Redemptions.Where(r => r.Id == redemption.Id),
            await scopes.SeesNamesInAsync(null, cancellationToken), showCode: false, cancellationToken);
        return TypedResults.Ok(view[0]);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QrCode(long id, CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var code = await db.Redemptions.AsNoTracking().Where(r => r.Id == id && r.MemberId == me.Scope.Id && r.Status == RedemptionStatus.Reserved)
            .Select(r => r.Code).SingleOrDefaultAsync(cancellationToken);
        if (code is null)
        {
            return Problems.NotFound("没有待核销的兑换");
        }

        using var data = QRCodeGenerator.GenerateQrCode(code, QRCodeGenerator.ECCLevel.M);
        return TypedResults.File(new PngByteQRCode(data).GetGraphic(10), "image/png");
    }

    public static async Task<Results<Ok<Page<RedemptionDto>>, ProblemHttpResult>> Mine(
        RedemptionStatus? status, [AsParameters] ListQuery list, CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;

        var query = db.Redemptions.AsNoTracking().Where(r => r.MemberId == me.Scope.Id);
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        query = query.Before(page, r => r.Id);

        var items = await RedemptionViews.ProjectAsync(db, query.OrderByDescending(r => r.Id).Take(page.Fetch), _ => true, showCode: true, cancellationToken);
        return TypedResults.Ok(page.ToPage(items, r => r.Id));
    }

    private static ProblemHttpResult OutOfStock(int remaining) =>
        Problems.Conflict(remaining > 0 ? $"库存不足，仅剩 {remaining} 份" : "已兑完", ErrorCodes.OutOfStock);

    private static ProblemHttpResult InsufficientPoints(int balance, int cost) =>
        Problems.Conflict($"积分不足：需要 {cost} 分，当前 {balance} 分", ErrorCodes.InsufficientPoints);

    private static ProblemHttpResult LimitReached(int limit) =>
        Problems.Conflict($"每人限兑 {limit} 份，已达上限", ErrorCodes.LimitReached);
}

/// <summary>How redemptions are shown: with the item and merchant names; the member's name masked for those outside his community.</summary>
internal static class RedemptionViews
{
    public static async Task<List<RedemptionDto>> ProjectAsync(
        ZhujiDbContext db, IQueryable<Redemption> redemptions, Func<long, bool> seesName, bool showCode, CancellationToken cancellationToken)
    {
        var rows = await (from r in redemptions
                          join i in db.MallItems on r.ItemId equals i.Id
                          join mc in db.Merchants on r.MerchantId equals mc.Id
                          join m in db.Members on r.MemberId equals m.Id
                          select new
                          {
                              Redemption = r,
                              Item = i.Title,
                              Merchant = mc.Name,
                              m.Name,
                              m.CommunityId,
                              Block = db.Blocks.Where(b => b.Id == r.HomeBlockId).Select(b => b.Name).FirstOrDefault(),
                          }).ToListAsync(cancellationToken);
        return rows.Select(x =>
        {
            var r = x.Redemption;
            var home = r.HasHome ? string.Join(" ", new[] { x.Block, r.HomeBuilding, r.HomeUnit, r.HomeRoom }.Where(p => !string.IsNullOrEmpty(p))) : null;
            return new RedemptionDto(Ids.Format(r.Id), Ids.Format(r.ItemId), x.Item, Ids.Format(r.MerchantId), x.Merchant, Ids.Format(r.MemberId),
                seesName(x.CommunityId) ? x.Name : Leaderboard.MaskName(x.Name), r.Quantity, r.Points, r.Amount, r.Kind, r.Status,
                showCode ? r.Code : null, r.CreatedAt, r.FulfilledAt, r.CancelledAt, home);
        }).ToList();
    }
}
