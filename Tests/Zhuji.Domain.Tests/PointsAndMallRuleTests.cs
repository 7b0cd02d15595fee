using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Points;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Tests;

/// <summary>Points by policy, expiry first in first out, the leaderboard, mall items and redemptions, merchants' scope.</summary>
public class PointsAndMallRuleTests
{
    private static readonly PointsPolicy Policy = new(10, new Dictionary<ServiceCategory, decimal> { [ServiceCategory.CommunityActivity] = 1.25m });

    private static FlagEntry Flag(int flags, ServiceCategory category = ServiceCategory.CommunityActivity, FlagSource source = FlagSource.Claim) =>
        FlagEntry.Award(new FlagAward(7, Given.CommunityA, flags, source, 3, 4, "反诈宣传", category, Given.Now), 9, Given.Now);

    private static MallItemPlan Plan(int points = 10, int stock = 5, int limit = 2, MallItemKind kind = MallItemKind.Goods, decimal? faceValue = null) =>
        new("大米", "", null, points, stock, limit, kind, faceValue, null, null);

    [Test]
    public void AFlagEarnsByItsCategorysRateAndKeepsTheRate()
    {
        var earned = PointsEntry.ForFlag(Flag(2), Policy, null, Given.Now);
        var other = PointsEntry.ForFlag(Flag(1, Enum.GetValues<ServiceCategory>().First(c => c != ServiceCategory.CommunityActivity)), Policy, null, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That((earned.Kind, earned.Points, earned.Rate, earned.Year, earned.Source), Is.EqualTo((PointsKind.Earned, 25, (decimal?)12.5m, 2026, (PointsSource?)PointsSource.Task)));
            Assert.That(other.Points, Is.EqualTo(10));
            Assert.That(PointsEntry.ForFlag(Flag(1, source: FlagSource.ServiceRecord), Policy, null, Given.Now).Source, Is.EqualTo(PointsSource.Admin));
        });
    }

    [Test]
    public void ARevocationTakesBackWhatTheAwardEarnedNotWhatThePolicyGivesToday()
    {
        var award = Flag(2);
        var earned = PointsEntry.ForFlag(award, Policy, null, Given.Now);
        var revocation = award.Revoke("重复", 9, 70, Given.Now);
        var doubled = Policy with { PerFlag = 20 };
        Assert.That(PointsEntry.ForFlag(revocation, doubled, earned, Given.Now).Points, Is.EqualTo(-25));
    }

    [TestCase(100, 30, 120, 70, TestName = "What is left of the old points expires")]
    [TestCase(100, 130, 20, 0, TestName = "Spending beyond the old points leaves nothing to expire")]
    [TestCase(100, 0, 40, 40, TestName = "Never more than the balance (a revocation took some)")]
    [TestCase(0, 0, 50, 0, TestName = "Only new points: nothing expires")]
    public void ExpiryIsFirstInFirstOut(int earnedUpTo, int spent, int balance, int expiring) =>
        Assert.That(PointsExpiry.Expiring(earnedUpTo, spent, balance), Is.EqualTo(expiring));

    [Test]
    public void PointsOfAYearExpireWhenTheFollowingYearEnds() => Assert.That(PointsExpiry.EarnedYearExpiringAt(2026), Is.EqualTo(2025));

    [Test]
    public void TheLeaderboardSharesRanksOnTiesAndMasksOtherCommunities()
    {
        var rows = Leaderboard.Rank(
        [
            new(1, "张三", 10, "甲社区", 5, 50), new(2, "李四", 20, "乙社区", 7, 70), new(3, "王五", 10, "甲社区", 5, 40), new(4, "赵六", 10, "甲社区", 0, 0),
        ], LeaderboardBy.Flags, community => community == 10);
        Assert.That(rows.Select(r => (r.Rank, r.Name)), Is.EqualTo(new[] { (1, "李*"), (2, "张三"), (2, "王五") }), "nobody with nothing is listed");
    }

    [Test]
    public void AnItemsPlanIsCheckedFieldByField()
    {
        var errors = Given.Refusal(() => new MallItem(1, null, Plan(points: 0, stock: -1, limit: 0), MerchantKind.Shop, 9, Given.Now)).Errors.Keys;
        Assert.That(errors, Is.EquivalentTo(new[] { "points", "stock", "perMemberLimit" }));
        Assert.That(Given.Refusal(() => new MallItem(1, null, Plan(kind: MallItemKind.PropertyFeeOffset, faceValue: 5), MerchantKind.Shop, 9, Given.Now)).Errors.Keys,
            Is.EquivalentTo(new[] { "kind" }));
        Assert.That(Given.Refusal(() => new MallItem(1, null, Plan(kind: MallItemKind.PropertyFeeOffset), MerchantKind.PropertyCompany, 9, Given.Now)).Errors.Keys,
            Is.EquivalentTo(new[] { "faceValue" }));
    }

    [Test]
    public void AnItemIsOnSaleOnlyInsideItsWindowAndNotOnceWithdrawn()
    {
        var item = new MallItem(1, null, Plan() with { AvailableFrom = Given.Now.AddDays(1), AvailableUntil = Given.Now.AddDays(2) }, MerchantKind.Shop, 9, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(item.RefusalAt(Given.Now), Does.StartWith("兑换将于"));
            Assert.That(item.RefusalAt(Given.Now.AddDays(1.5)), Is.Null);
            Assert.That(item.RefusalAt(Given.Now.AddDays(3)), Is.EqualTo("兑换已结束"));
        });
        item.Withdraw();
        Assert.That((item.OnSaleAt(Given.Now.AddDays(1.5)), item.RefusalAt(Given.Now.AddDays(1.5))), Is.EqualTo((false, "商品已下架")));
        Assert.That(Given.Refusal(item.Withdraw).Code, Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void ARedemptionIsVerifiedOnceCancelledOnlyWhileReservedAndNeverByItsOwnMember()
    {
        var item = new MallItem(1, null, Plan(points: 15), MerchantKind.Shop, 9, Given.Now);
        var redemption = new Redemption(item, 7, 2, null, Given.Now);
        Assert.That((redemption.Points, redemption.Status, redemption.Code.Length), Is.EqualTo((30, RedemptionStatus.Reserved, Redemption.CodeLength)));
        Assert.That(Given.Refusal(() => redemption.Fulfil(70, 70, Given.Now)).Code, Is.EqualTo(ErrorCodes.ConflictOfInterest));
        redemption.Fulfil(9, 70, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => redemption.Fulfil(9, 70, Given.Now)).Message, Does.Contain("已核销"));
            Assert.That(Given.Refusal(() => redemption.Cancel(7, Given.Now)).Message, Does.Contain("已核销"));
        });
    }

    [Test]
    public void APropertyFeeOffsetNeedsAHomeAndCodesAreTypedLoosely()
    {
        var fee = new MallItem(1, 10, Plan(kind: MallItemKind.PropertyFeeOffset, faceValue: 5), MerchantKind.PropertyCompany, 9, Given.Now);
        Assert.That(Given.Refusal(() => new Redemption(fee, 7, 1, null, Given.Now)).Code, Is.EqualTo(ErrorCodes.InvalidState));
        var redemption = new Redemption(fee, 7, 3, new HomeAddress(10, 5, "3幢", "2单元", "301"), Given.Now);
        Assert.That((redemption.Amount, redemption.HomeBlockId, redemption.HomeRoom), Is.EqualTo(((decimal?)15m, (long?)5, "301")));
        Assert.That(Redemption.NormalizeCode(" ab3d-ef45 "), Is.EqualTo("AB3DEF45"));
    }

    [Test]
    public void AMerchantsAdminsAreItsOwnAndItsOneCommunitysAdminsMayGrantThem()
    {
        var shop = new Place(StreetId: 1, CommunityId: 10, MerchantId: 100);
        var community = new Grant(Role.CommunityAdmin, 10);
        Assert.Multiple(() =>
        {
            Assert.That(ScopeRules.Administers([new Grant(Role.MerchantAdmin, 100)], shop), Is.True);
            Assert.That(ScopeRules.Administers([new Grant(Role.MerchantAdmin, 101)], shop), Is.False);
            Assert.That(ScopeRules.CanGrant([community], Role.MerchantAdmin, shop), Is.True);
            Assert.That(ScopeRules.CanGrant([community], Role.MerchantAdmin, new Place(MerchantId: 100)), Is.False, "a merchant of several communities is the city's");
            Assert.That(ScopeRules.CanGrant([new Grant(Role.MerchantAdmin, 100)], Role.MerchantAdmin, shop), Is.False);
        });
    }
}
