using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>
/// Rules that also live as SQL for speed, pinned to their Domain names on the same cases (as
/// <c>CompliancePolicyPinTests</c> pins the annual check): the claims an admin's queue shows
/// (<c>ClaimQueries.DecidableBy</c>) are those <see cref="ClaimRules.MayDecide"/> lets him decide, and the mall's
/// statements (<c>MallWrites</c>) refuse exactly what <see cref="RedemptionRules"/> refuses.
/// </summary>
public class RulePinTests : ApiTest
{
    private static long Id(string id) => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task TheQueueShowsEachAdminExactlyTheClaimsHeMayDecide()
    {
        var city = await TestCity.CreateAsync(Factory);
        var cityAdmin = await Factory.CityAdminAsync();
        var starts = DateTimeOffset.UtcNow.AddDays(3);
        var tasks = new Dictionary<string, (TaskTier Tier, string? Scope)>
        {
            [(await cityAdmin.PublishAsync(TaskHelpers.Body("City", null, starts))).Id] = (TaskTier.City, null),
            [(await cityAdmin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, starts))).Id] = (TaskTier.Community, city.CommunityA),
            [(await cityAdmin.PublishAsync(TaskHelpers.Body("Community", city.CommunityB, starts))).Id] = (TaskTier.Community, city.CommunityB),
            [(await cityAdmin.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, starts))).Id] = (TaskTier.Block, city.BlockA1),
            [(await cityAdmin.PublishAsync(TaskHelpers.Body("Block", city.BlockA2, starts))).Id] = (TaskTier.Block, city.BlockA2),
        };
        var homes = new[] { (city.CommunityA, city.BlockA1), (city.CommunityA, city.BlockA2), (city.CommunityB, city.BlockB1) };
        var claims = new List<(string Claim, string Task, string Community)>();
        foreach (var (community, block) in homes)
        {
            var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("pin-"), community, block, city.WorkUnit);
            foreach (var task in tasks.Keys)
            {
                // Each member claims what he can see; the rest answers 404.
                var answer = await member.ClaimAsync(task);
                if (answer.StatusCode == HttpStatusCode.Created)
                {
                    claims.Add(((await answer.ReadJsonAsync(HttpStatusCode.Created)).Id(), task, community));
                }
            }
        }

        Place CommunityPlace(string community) => new(Id(community == city.CommunityA ? city.StreetA : city.StreetB), Id(community));
        Place TaskPlace((TaskTier Tier, string? Scope) task) => task switch
        {
            (TaskTier.City, _) => Place.City,
            (TaskTier.Community, { } c) => CommunityPlace(c),
            (_, { } b) => new Place(Id(city.StreetA), Id(b == city.BlockB1 ? city.CommunityB : city.CommunityA), Id(b)),
            _ => throw new InvalidOperationException(),
        };

        var admins = new (string Role, string Scope)[]
        {
            ("CommunityAdmin", city.CommunityA), ("CommunityAdmin", city.CommunityB), ("StreetAdmin", city.StreetA),
            ("StreetAdmin", city.StreetB), ("BlockAdmin", city.BlockA1), ("BlockAdmin", city.BlockB1),
        };
        Assert.That(claims, Has.Count.EqualTo(8), "claims of every tier, by members of both communities: the city's, their community's and their block's tasks");
        foreach (var (role, scope) in admins)
        {
            var grants = new[] { new Grant(Enum.Parse<Role>(role), Id(scope)) };
            var mayDecide = claims.Where(c => ClaimRules.MayDecide(grants, TaskPlace(tasks[c.Task]), CommunityPlace(c.Community))).Select(c => c.Claim);
            var admin = await TestCity.AdminAsync(Factory, Unique("queue-"), role, scope);
            var queue = await admin.GetAsync("/api/v1/claims?status=Claimed&limit=100").ReadJsonAsync(HttpStatusCode.OK);
            var shown = queue["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Where(id => claims.Any(c => c.Claim == id));
            Assert.That(shown, Is.EquivalentTo(mayDecide), $"{role} {scope}");
        }
    }

    [TestCase(30, 30, 5, 0, 5, 0, 3)]
    [TestCase(29, 30, 5, 0, 5, 0, 3)]
    [TestCase(0, 10, 5, 0, 5, 0, 1)]
    [TestCase(100, 10, 5, 5, 5, 0, 1)]
    [TestCase(100, 10, 5, 4, 5, 0, 2)]
    [TestCase(100, 10, 5, 0, 2, 2, 1)]
    [TestCase(100, 10, 5, 0, 3, 2, 1)]
    [TestCase(100, 20, 5, 3, 5, 1, 2)]
    public async Task TheMallsStatementsRefuseWhatTheRulesRefuse(int balance, int cost, int stock, int redeemed, int limit, int held, int quantity)
    {
        var city = await TestCity.CreateAsync(Factory);
        var (_, memberId, _) = await Factory.ApprovedMemberAsync(Unique("mall-pin-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var now = DateTime.UtcNow;
        var merchant = new Merchant(Unique("钉商家"), MerchantKind.Shop, [Id(city.CommunityA)], 1, now);
        db.Add(merchant);
        await db.SaveChangesAsync();
        var item = new MallItem(merchant.Id, null, new MallItemPlan("钉商品", "", null, cost, stock, limit, MallItemKind.Goods, null, null, null), MerchantKind.Shop, 1, now);
        db.Add(item);
        await db.SaveChangesAsync();

        await using (var write = await db.BeginWriteAsync(CancellationToken.None))
        {
            // The member's balance, his units held and the units gone, as the cases give them; all rolled back after.
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "PointsEntries" ("MemberId", "Kind", "Points", "Year", "At") VALUES ({0}, 'Adjusted', {1}, 2026, {2})""",
                [Id(memberId), balance, now]);
            for (var i = 0; i < held; i++)
            {
                db.Add(new Redemption(item, Id(memberId), 1, null, now));
            }

            await db.SaveChangesAsync();
            await db.MallItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.Redeemed, redeemed));

            var stored = await MallWrites.ReserveAsync(db, item, Id(memberId), quantity, cost * quantity, CancellationToken.None);
            var ruled = !RedemptionRules.InStock(redeemed, quantity, stock) ? RedeemOutcome.OutOfStock
                : RedemptionRules.CheckMember(item, quantity, balance, held) is var member and not RedeemOutcome.Allowed ? member
                : RedeemOutcome.Allowed;
            Assert.That(stored.ToString(), Is.EqualTo(ruled == RedeemOutcome.Allowed ? nameof(ReserveOutcome.Reserved) : ruled.ToString()));
        }

        db.ChangeTracker.Clear();
        await db.MallItems.Where(i => i.Id == item.Id).ExecuteDeleteAsync();
        await db.Merchants.Where(m => m.Id == merchant.Id).ExecuteDeleteAsync();
    }
}
