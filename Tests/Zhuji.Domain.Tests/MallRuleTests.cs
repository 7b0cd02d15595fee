using Zhuji.Domain.Common;
using Zhuji.Domain.Mall;

namespace Zhuji.Domain.Tests;

/// <summary>Who may redeem what, and who shelves an item where (the rules the mall's handlers and statements follow).</summary>
public class MallRuleTests
{
    private static MallItem Item(long? community = null, int points = 10, int stock = 5, int limit = 2) =>
        new(1, community, new MallItemPlan("洗衣液", "", null, points, stock, limit, MallItemKind.Goods, null, null, null), MerchantKind.Shop, 9, Given.Now);

    [Test]
    public void ACommunitysItemIsForItsOwnMembersOnly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RedemptionRules.CheckItem(Item(Given.CommunityA), Given.CommunityB, 1, Given.Now), Is.EqualTo(RedeemOutcome.CommunityOnly));
            Assert.That(RedemptionRules.CheckItem(Item(Given.CommunityA), Given.CommunityA, 1, Given.Now), Is.EqualTo(RedeemOutcome.Allowed));
            Assert.That(RedemptionRules.CheckItem(Item(), Given.CommunityB, 1, Given.Now), Is.EqualTo(RedeemOutcome.Allowed), "a city-wide item");
        });
    }

    [Test]
    public void AWithdrawnItemIsNotOnSale()
    {
        var item = Item();
        item.Withdraw();
        Assert.That(RedemptionRules.CheckItem(item, Given.CommunityA, 1, Given.Now), Is.EqualTo(RedeemOutcome.NotOnSale));
    }

    [TestCase(5, 5, RedeemOutcome.Allowed)]
    [TestCase(5, 6, RedeemOutcome.OutOfStock)]
    [TestCase(0, 1, RedeemOutcome.OutOfStock)]
    public void NeverMoreThanTheStock(int stock, int quantity, RedeemOutcome expected) =>
        Assert.That(RedemptionRules.CheckItem(Item(stock: stock, limit: 100), Given.CommunityA, quantity, Given.Now), Is.EqualTo(expected));

    [TestCase(30, 3, RedeemOutcome.Allowed, Description = "a balance that covers the cost exactly")]
    [TestCase(29, 3, RedeemOutcome.InsufficientPoints)]
    [TestCase(0, 1, RedeemOutcome.InsufficientPoints)]
    public void NeverANegativeBalance(int balance, int quantity, RedeemOutcome expected) =>
        Assert.That(RedemptionRules.CheckMember(Item(limit: 5), quantity, balance, held: 0), Is.EqualTo(expected));

    [TestCase(0, 2, RedeemOutcome.Allowed)]
    [TestCase(1, 1, RedeemOutcome.Allowed)]
    [TestCase(1, 2, RedeemOutcome.LimitReached)]
    [TestCase(2, 1, RedeemOutcome.LimitReached)]
    public void NeverMoreThanTheLimitCountingWhatHeHolds(int held, int quantity, RedeemOutcome expected) =>
        Assert.That(RedemptionRules.CheckMember(Item(limit: 2), quantity, balance: 1000, held), Is.EqualTo(expected));

    [Test]
    public void TheBalanceIsCheckedBeforeTheLimit() =>
        Assert.That(RedemptionRules.CheckMember(Item(limit: 1), 2, balance: 5, held: 1), Is.EqualTo(RedeemOutcome.InsufficientPoints));

    [Test]
    public void ACityWideItemIsShelvedByTheCityOnly() =>
        Assert.Multiple(() =>
        {
            Assert.That(MallPlacement.Check(cityAdmin: true, administersCommunity: false, [Given.CommunityA], null), Is.Null);
            Assert.That(MallPlacement.Check(cityAdmin: false, administersCommunity: true, [Given.CommunityA], null), Is.EqualTo(PlacementRefusal.CityItemsByTheCity));
        });

    [Test]
    public void ACommunitysItemByItsAdminsFromAMerchantThatServesIt() =>
        Assert.Multiple(() =>
        {
            Assert.That(MallPlacement.Check(false, administersCommunity: true, [Given.CommunityA], Given.CommunityA), Is.Null);
            Assert.That(MallPlacement.Check(false, administersCommunity: false, [Given.CommunityA], Given.CommunityA), Is.EqualTo(PlacementRefusal.OwnCommunityOnly));
            Assert.That(MallPlacement.Check(true, administersCommunity: true, [Given.CommunityB], Given.CommunityA), Is.EqualTo(PlacementRefusal.MerchantDoesNotServe));
        });

    [Test]
    public void AnItemKeepsItsMerchantAndCommunity()
    {
        var item = Item(Given.CommunityA);
        var plan = new MallItemPlan("洗衣液", "", null, 10, 5, 2, MallItemKind.Goods, null, null, null);
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => item.Revise(plan, 2, Given.CommunityA, MerchantKind.Shop)).Errors.Keys, Is.EquivalentTo(new[] { "merchantId" }));
            Assert.That(Given.Refusal(() => item.Revise(plan, 1, null, MerchantKind.Shop)).Message, Is.EqualTo(MallItem.PlaceIsFixed));
            Assert.DoesNotThrow(() => item.Revise(plan with { Stock = 9 }, 1, Given.CommunityA, MerchantKind.Shop));
        });
    }

    [Test]
    public void ARefusedPlacementSaysWhy() =>
        Assert.That(Enum.GetValues<PlacementRefusal>().Select(MallPlacement.Describe).Distinct().Count(), Is.EqualTo(Enum.GetValues<PlacementRefusal>().Length));

    [Test]
    public void AConfirmationAwardsTheTasksFlagsUnlessTheAdminGivesOthersInRange()
    {
        var task = Given.Task();
        Assert.Multiple(() =>
        {
            Assert.That(task.FlagsFor(null), Is.EqualTo(task.Flags));
            Assert.That(task.FlagsFor(3), Is.EqualTo(3));
            Assert.That(Given.Refusal(() => task.FlagsFor(6)).Code, Is.EqualTo(ErrorCodes.ValidationFailed));
            Assert.That(Given.Refusal(() => task.FlagsFor(0)).Errors.Keys, Is.EquivalentTo(new[] { "flags" }));
        });
    }
}
