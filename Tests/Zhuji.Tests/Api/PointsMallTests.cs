using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Mall;
using Zhuji.Api.Features.Members;
using Zhuji.Api.Http;
using Zhuji.Api.Features.Points;
using Zhuji.Domain.Points;
using Zhuji.Infrastructure.Data;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>
/// Points and the points mall over HTTP on the real SQLite file: flags earn points, revocations take them back,
/// redemptions never oversell and never overdraw under concurrency, retries and cancellations count once, a code
/// verifies once, statements list what was verified, and the ledger always adds up.
/// </summary>
public class PointsMallTests : ApiTest
{
    private TestCity city = null!;
    private HttpClient communityAdmin = null!;
    private HttpClient merchantAdmin = null!;
    private string shop = "";
    private string property = "";

    [OneTimeSetUp]
    public async Task CityWithAShopAndAPropertyCompanyAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        communityAdmin = await TestCity.AdminAsync(Factory, "pm-community-admin", "CommunityAdmin", city.CommunityA);
        shop = (await communityAdmin.PostJsonAsync("/api/v1/merchants", new { name = Unique("社区便利店"), kind = "Shop", communityIds = new[] { city.CommunityA } })
            .ReadAsync<MerchantDto>(HttpStatusCode.Created)).Id;
        property = (await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/merchants", new { name = Unique("物业公司"), kind = "PropertyCompany", communityIds = new[] { city.CommunityA } })
            .ReadAsync<MerchantDto>(HttpStatusCode.Created)).Id;
        merchantAdmin = await TestCity.AdminAsync(Factory, "pm-shop-admin", "MerchantAdmin", shop);
    }

    [Test]
    public async Task AFlagEarnsItsPointsAndARevocationTakesThemBack()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("pm-earn-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var flag = await GiveFlagsAsync(memberId, 3);
        var points = await PointsAsync(member);
        Assert.That(points.Balance, Is.EqualTo(30));
        var earned = points.Entries.Single();
        Assert.That((earned.Kind, earned.Source, earned.FlagEntryId), Is.EqualTo((PointsKind.Earned, (PointsSource?)PointsSource.Admin, flag)));

        await (await Factory.CityAdminAsync()).PostJsonAsync($"/api/v1/flags/{flag}/revoke", new { reason = "重复登记" }).ReadAsync<FlagEntryDto>(HttpStatusCode.OK);
        points = await PointsAsync(member);
        Assert.That(points.Balance, Is.Zero);
        Assert.That(points.Entries.Select(e => (e.Kind, e.Points)), Is.EqualTo(new[] { (PointsKind.Revoked, -30), (PointsKind.Earned, 30) }));
    }

    [Test]
    public async Task TwoHundredMembersStormTenItemsAndExactlyTenGetOne()
    {
        var item = await ItemAsync(points: 10, stock: 10, limit: 1);
        var members = await Factory.ApprovedMembersAsync(200, Unique("pm-storm-"), city.CommunityA, city.BlockA2, city.WorkUnit);
        await GiveEveryoneFlagsAsync(members.Select(m => m.MemberId), 1);

        using var gate = new ManualResetEventSlim();
        var calls = members.Select(m => Task.Run(async () =>
        {
            gate.Wait();
            return await m.Client.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 1 });
        })).ToList();
        gate.Set();
        var answers = await Task.WhenAll(calls);

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Created), Is.EqualTo(10));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Conflict, "out_of_stock");
        }

        var shown = await communityAdmin.GetAsync($"/api/v1/mall/items/{item}").ReadAsync<MallItemDto>(HttpStatusCode.OK);
        Assert.That((shown.Redeemed, shown.Remaining), Is.EqualTo((10, 0)));
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var itemId = long.Parse(item);
        Assert.That(await db.Redemptions.CountAsync(r => r.ItemId == itemId), Is.EqualTo(10));
        Assert.That(await db.PointsEntries.Where(p => p.Kind == PointsKind.Redeemed && db.Redemptions.Any(r => r.Id == p.RedemptionId && r.ItemId == itemId)).SumAsync(p => p.Points), Is.EqualTo(-100));
    }

    [Test]
    public async Task AMemberRacingHimselfOnHisLastPointsGetsOneAndNeverANegativeBalance()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("pm-race-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await GiveFlagsAsync(memberId, 3);
        var item = await ItemAsync(points: 20, stock: 100, limit: 10);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/mall/items/{item}/redemptions") { Content = JsonContent(new { quantity = 1 }) };
            request.Headers.Add("Idempotency-Key", $"race-{memberId}-{i}");
            return member.SendAsync(request);
        })));

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Conflict, "insufficient_points");
        }

        var points = await member.GetAsync("/api/v1/me/points").ReadAsync<MyPointsDto>(HttpStatusCode.OK);
        Assert.That(points.Balance, Is.EqualTo(10));
    }

    [Test]
    public async Task TheLimitPerMemberAndTheStockAreAnsweredPlainly()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("pm-limit-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await GiveFlagsAsync(memberId, 5);
        var item = await ItemAsync(points: 5, stock: 3, limit: 2);

        await member.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 2 }).ReadAsync<RedemptionDto>(HttpStatusCode.Created);
        var limit = await member.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 1 }).ReadProblemAsync(HttpStatusCode.Conflict, "limit_reached");
        Assert.That(limit.Title, Does.Contain("每人限兑 2 份"));

        var (other, otherId, _) = await Factory.ApprovedMemberAsync(Unique("pm-limit-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await GiveFlagsAsync(otherId, 5);
        var stock = await other.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 2 }).ReadProblemAsync(HttpStatusCode.Conflict, "out_of_stock");
        Assert.That(stock.Title, Does.Contain("仅剩 1 份"));
        await other.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 0 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That((await PointsAsync(other)).Balance, Is.EqualTo(50), "refusals take nothing");
    }

    [Test]
    public async Task ARetryWithTheSameKeyRedeemsOnce()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("pm-retry-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await GiveFlagsAsync(memberId, 2);
        var item = await ItemAsync(points: 5, stock: 10, limit: 5);

        async Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/mall/items/{item}/redemptions") { Content = JsonContent(new { quantity = 1 }) };
            request.Headers.Add("Idempotency-Key", $"retry-{memberId}");
            return await member.SendAsync(request);
        }

        var first = await (await Send()).ReadAsync<RedemptionDto>(HttpStatusCode.Created);
        var again = await Send();
        var second = await again.ReadAsync<RedemptionDto>(HttpStatusCode.Created);
        Assert.That(second.Id, Is.EqualTo(first.Id));
        Assert.That(again.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That((await PointsAsync(member)).Balance, Is.EqualTo(15));
    }

    [Test]
    public async Task CancellingRefundsOnceAndGivesTheStockBack()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("pm-cancel-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await GiveFlagsAsync(memberId, 2);
        var item = await ItemAsync(points: 15, stock: 1, limit: 1);
        var redemption = await member.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 1 }).ReadAsync<RedemptionDto>(HttpStatusCode.Created);
        Assert.That((redemption.Status.ToString(), redemption.Points), Is.EqualTo(("Reserved", 15)));

        var cancels = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => member.PostAsync($"/api/v1/redemptions/{redemption.Id}/cancel", null))));
        Assert.That(cancels.Count(c => c.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        foreach (var refused in cancels.Where(c => c.StatusCode != HttpStatusCode.OK))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        }

        var points = await PointsAsync(member);
        Assert.That(points.Balance, Is.EqualTo(20));
        Assert.That(points.Entries.Count(e => e.Kind == PointsKind.Refunded), Is.EqualTo(1));
        Assert.That((await communityAdmin.GetAsync($"/api/v1/mall/items/{item}").ReadAsync<MallItemDto>(HttpStatusCode.OK)).Remaining, Is.EqualTo(1));
        await member.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 1 }).ReadAsync<RedemptionDto>(HttpStatusCode.Created);
    }

    [Test]
    public async Task ACodeVerifiesOnceByItsMerchantAndThenCannotBeCancelled()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("pm-verify-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await GiveFlagsAsync(memberId, 2);
        var item = await ItemAsync(points: 10, stock: 5, limit: 5);
        var redemption = await member.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 1 }).ReadAsync<RedemptionDto>(HttpStatusCode.Created);
        var code = redemption.Code;
        Assert.That(code, Does.Match("^[2-9A-Z]{8}$"));

        var png = await member.GetAsync($"/api/v1/redemptions/{redemption.Id}/qrcode.png");
        Assert.That(png.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));

        var otherMerchant = (await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/merchants", new { name = Unique("别家店"), kind = "Shop", communityIds = new[] { city.CommunityB } })
            .ReadAsync<MerchantDto>(HttpStatusCode.Created)).Id;
        var stranger = await TestCity.AdminAsync(Factory, Unique("pm-other-shop-"), "MerchantAdmin", otherMerchant);
        await stranger.PostJsonAsync("/api/v1/redemptions/verify", new { code }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var verified = await merchantAdmin.PostJsonAsync("/api/v1/redemptions/verify", new { code = $" {code.ToLowerInvariant()[..4]}-{code[4..]} " }).ReadAsync<RedemptionDto>(HttpStatusCode.OK);
        Assert.That(verified.Status.ToString(), Is.EqualTo("Fulfilled"));
        Assert.That(verified.MemberName, Does.EndWith("*"), "a shop sees the name masked");
        var twice = await merchantAdmin.PostJsonAsync("/api/v1/redemptions/verify", new { code }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(twice.Title, Does.Contain("已核销"));
        await member.PostAsync($"/api/v1/redemptions/{redemption.Id}/cancel", null).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await merchantAdmin.PostJsonAsync("/api/v1/redemptions/verify", new { code = "ZZZZZZZZ" }).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");

        var audit = await (await Factory.CityAdminAsync()).GetAsync("/api/v1/audit?entityType=Redemption").ReadAsync<Page<AuditEntryDto>>(HttpStatusCode.OK);
        Assert.That(audit.Items.Any(e => e.EntityId == redemption.Id), Is.True, "the verification is audited");
    }

    [Test]
    public async Task APropertyFeeOffsetRecordsTheHomeAndTheMonthlyStatementListsIt()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("pm-fee-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await GiveFlagsAsync(memberId, 5);
        var item = (await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/mall/items", new
        {
            merchantId = property,
            communityId = city.CommunityA,
            title = "抵扣物业费 5 元",
            points = 50,
            stock = 100,
            perMemberLimit = 12,
            kind = "PropertyFeeOffset",
            faceValue = 5m,
        }).ReadAsync<MallItemDto>(HttpStatusCode.Created)).Id;
        var redemption = await member.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 1 }).ReadAsync<RedemptionDto>(HttpStatusCode.Created);
        Assert.That(redemption.Home, Does.Contain("一号小区"));
        Assert.That(redemption.Amount, Is.EqualTo(5m));
        await communityAdmin.PostJsonAsync("/api/v1/redemptions/verify", new { code = redemption.Code }).ReadAsync<RedemptionDto>(HttpStatusCode.OK);

        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM");
        var file = await communityAdmin.GetAsync($"/api/v1/merchants/{property}/statements?month={month}");
        Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK), await file.Content.ReadAsStringAsync());
        using var workbook = new PrintedWorkbook(await file.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", PrintedWorkbook.Rows(workbook.Sheet(0)).Values.SelectMany(r => r));
        Assert.That(text, Does.Contain("一号小区").And.Contain("抵扣物业费 5 元").And.Contain("合计：1 笔"));
        await communityAdmin.GetAsync($"/api/v1/merchants/{property}/statements?month=2026-13").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await communityAdmin.GetAsync($"/api/v1/merchants/{property}/statements").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/mall/items", new
        {
            merchantId = shop,
            communityId = city.CommunityA,
            title = "商店不能抵物业费",
            points = 50,
            stock = 1,
            perMemberLimit = 1,
            kind = "PropertyFeeOffset",
            faceValue = 5m,
        }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task ACommunitysItemIsItsMembersOnly()
    {
        var item = await ItemAsync(points: 1, stock: 5, limit: 1);
        var (outsider, outsiderId, _) = await Factory.ApprovedMemberAsync(Unique("pm-outsider-"), city.CommunityB, city.BlockB1, city.WorkUnit);
        await GiveFlagsAsync(outsiderId, 1);
        await outsider.GetAsync($"/api/v1/mall/items/{item}").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await outsider.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 1 }).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        var listed = await outsider.GetAsync("/api/v1/mall/items?limit=100").ReadAsync<Page<MallItemDto>>(HttpStatusCode.OK);
        Assert.That(listed.Items.Select(i => i.Id), Does.Not.Contain(item));

        var withdrawn = await communityAdmin.PostAsync($"/api/v1/mall/items/{item}/withdraw", null).ReadAsync<MallItemDto>(HttpStatusCode.OK);
        Assert.That(withdrawn.Status.ToString(), Is.EqualTo("Withdrawn"));
        var (insider, insiderId, _) = await Factory.ApprovedMemberAsync(Unique("pm-insider-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await GiveFlagsAsync(insiderId, 1);
        await insider.PostJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 1 }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
    }

    [Test]
    public async Task TheLeaderboardRanksByFlagsAndMasksNamesFromOtherCommunities()
    {
        var local = await Factory.ApprovedMemberAsync(Unique("pm-board-"), city.CommunityA, city.BlockA1, city.OtherWorkUnit, name: "王大明");
        var away = await Factory.ApprovedMemberAsync(Unique("pm-board-"), city.CommunityB, city.BlockB1, city.OtherWorkUnit, name: "李小红");
        await GiveFlagsAsync(local.MemberId, 2);
        await GiveFlagsAsync(away.MemberId, 4);

        var board = await local.Client.GetAsync($"/api/v1/leaderboards?scope=WorkUnit&scopeId={city.OtherWorkUnit}&by=Flags").ReadAsync<LeaderboardDto>(HttpStatusCode.OK);
        var rows = board.Items.Select(r => (r.Rank, r.Name, r.Flags, r.Points)).ToList();
        Assert.That(rows, Is.EqualTo(new[] { (1, "李*", 4, 40), (2, "王大明", 2, 20) }));

        var mine = await local.Client.GetAsync("/api/v1/leaderboards?by=Points").ReadAsync<LeaderboardDto>(HttpStatusCode.OK);
        Assert.That(mine.Scope, Is.EqualTo(LeaderboardScope.Community));
        Assert.That(mine.Items.Select(r => r.Name), Does.Contain("王大明"));
        await local.Client.GetAsync("/api/v1/leaderboards?scope=Community&scopeId=999999").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await local.Client.GetAsync("/api/v1/leaderboards?scope=Galaxy").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task PointsExpireAtTheEndOfTheFollowingYearFirstInFirstOutAndOnce()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("pm-expiry-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var id = long.Parse(memberId);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();

        // 100 earned in 2024, 50 in 2025, 30 spent in 2025 (oldest first): at the end of 2025, 70 of 2024's expire.
        await AddLinesAsync(db, id, ("Earned", 100, 2024), ("Earned", 50, 2025), ("Redeemed", -30, 2025));
        var job = scope.ServiceProvider.GetRequiredService<PointsExpiryJob>();
        Assert.That(await job.RunForAsync(2025, CancellationToken.None), Is.GreaterThanOrEqualTo(1));
        Assert.That(await job.RunForAsync(2025, CancellationToken.None), Is.Zero, "a rerun writes nothing");
        var lines = await db.PointsEntries.AsNoTracking().Where(p => p.MemberId == id && p.Kind == PointsKind.Expired).ToListAsync();
        Assert.That(lines.Select(l => (l.Points, l.Year)), Is.EqualTo(new[] { (-70, 2025) }));

        // At the end of 2026 what is left of 2025's 50 expires; the balance never goes below zero.
        Assert.That(await PointsLedger.ExpiringAsync(db, id, 2026, CancellationToken.None), Is.EqualTo(50));
        await job.RunForAsync(2026, CancellationToken.None);
        var balance = (await PointsAsync(member)).Balance;
        Assert.That(balance, Is.Zero);
    }

    [Test]
    public async Task AnExpiryWhileARedemptionIsUnderWayWaitsForItAndNeverLeavesABalanceBelowZero()
    {
        // 100 points of 2024 expire when 2025 ends; at that moment the member is spending all of them. The
        // redemption has passed its balance check and not yet committed when the expiry runs: the expiry must
        // wait for it (on PostgreSQL, the member's row lock; on SQLite, the single writer) and then find nothing left.
        var (client, memberId, _) = await Factory.ApprovedMemberAsync(Unique("pm-race-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var id = long.Parse(memberId);
        var itemId = long.Parse(await ItemAsync(points: 100, stock: 5, limit: 1));
        await using var redeeming = Factory.Services.CreateAsyncScope();
        var db = redeeming.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        await AddLinesAsync(db, id, ("Earned", 100, 2024));
        var item = await db.MallItems.AsNoTracking().SingleAsync(i => i.Id == itemId);

        Task expiry;
        await using (var transaction = await db.BeginWriteAsync(CancellationToken.None))
        {
            Assert.That(await MallWrites.ReserveAsync(db, item, id, 1, 100, CancellationToken.None), Is.EqualTo(ReserveOutcome.Reserved));
            await AddLinesAsync(db, id, ("Redeemed", -100, 2025));
            expiry = Task.Run(async () =>
            {
                await using var scope = Factory.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PointsExpiryJob>().RunForAsync(2025, CancellationToken.None);
            });
            await Task.Delay(700);
            await transaction.CommitAsync(CancellationToken.None);
        }

        await expiry;
        var balance = (await PointsAsync(client)).Balance;
        Assert.That(balance, Is.Zero, "the points went to the item; nothing was left to expire");
    }

    [Test]
    public async Task TheBackfillGivesOldFlagsTheirPointsOnce()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("pm-backfill-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var kept = await GiveFlagsAsync(memberId, 2);
        var revoked = await GiveFlagsAsync(memberId, 4);
        await (await Factory.CityAdminAsync()).PostJsonAsync($"/api/v1/flags/{revoked}/revoke", new { reason = "登记有误" }).ReadAsync<FlagEntryDto>(HttpStatusCode.OK);
        var id = long.Parse(memberId);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();

        // As if the flags had been awarded before points existed.
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "PointsEntries" WHERE "MemberId" = {id}""");
        var policy = scope.ServiceProvider.GetRequiredService<PointsPolicy>();
        Assert.That(await PointsLedger.BackfillAsync(db, policy, CancellationToken.None), Is.EqualTo(3));
        Assert.That(await PointsLedger.BackfillAsync(db, policy, CancellationToken.None), Is.Zero);
        var lines = await db.PointsEntries.AsNoTracking().Where(p => p.MemberId == id).OrderBy(p => p.Id).Select(p => new { p.Kind, p.Points, p.FlagEntryId }).ToListAsync();
        Assert.That(lines.Select(l => (l.Kind, l.Points)), Is.EquivalentTo(new[] { (PointsKind.Earned, 20), (PointsKind.Earned, 40), (PointsKind.Revoked, -40) }));
        Assert.That(lines.Select(l => l.FlagEntryId), Does.Contain(long.Parse(kept)));
        Assert.That((await PointsAsync(member)).Balance, Is.EqualTo(20));
    }

    [Test]
    public async Task EveryBalanceIsTheSumOfItsLinesAndEveryFlagHasItsPoints()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var flagsWithoutPoints = await db.FlagEntries.CountAsync(f => !db.PointsEntries.Any(p => p.FlagEntryId == f.Id));
        Assert.That(flagsWithoutPoints, Is.Zero);
        var negative = await db.PointsEntries.GroupBy(p => p.MemberId).Where(g => g.Sum(p => p.Points) < 0).CountAsync();
        Assert.That(negative, Is.Zero, "no redemption overdraws (revocations aside, none here ends below zero)");
    }

    private async Task<string> ItemAsync(int points, int stock, int limit) =>
        (await communityAdmin.PostJsonAsync("/api/v1/mall/items", new
        {
            merchantId = shop,
            communityId = city.CommunityA,
            title = Unique("大米一袋"),
            description = "5 斤装",
            points,
            stock,
            perMemberLimit = limit,
            kind = "Goods",
        }).ReadAsync<MallItemDto>(HttpStatusCode.Created)).Id;

    /// <summary>Service entered by the city for the member: one flag line of <paramref name="flags"/> flags (10 points each). Returns the flag line's id.</summary>
    private async Task<string> GiveFlagsAsync(string memberId, int flags)
    {
        var admin = await Factory.CityAdminAsync();
        var record = await admin.PostJsonAsync($"/api/v1/members/{memberId}/service-records", new
        {
            category = "CommunityActivity",
            title = "线下服务",
            servedAt = DateTimeOffset.UtcNow.AddHours(-2),
            hours = 1,
            content = "社区服务",
            flags,
        }).ReadAsync<EnterServiceResponse>(HttpStatusCode.Created);
        return record.FlagEntryId;
    }

    private static Task<MyPointsDto> PointsAsync(HttpClient member) => member.GetAsync("/api/v1/me/points").ReadAsync<MyPointsDto>(HttpStatusCode.OK);

    private async Task GiveEveryoneFlagsAsync(IEnumerable<string> members, int flags)
    {
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(members.Select(async m =>
        {
            await gate.WaitAsync();
            try
            {
                await GiveFlagsAsync(m, flags);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task AddLinesAsync(ZhujiDbContext db, long member, params (string Kind, int Points, int Year)[] lines)
    {
        foreach (var (kind, points, year) in lines)
        {
            var at = new DateTime(year, 6, 1, 0, 0, 0, DateTimeKind.Utc);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "PointsEntries" ("MemberId", "Kind", "Points", "Year", "At") VALUES ({member}, {kind}, {points}, {year}, {at})
                """);
        }
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, HttpHelpers.Json), System.Text.Encoding.UTF8, "application/json");
}
