using Zhuji.Domain.Identity;

namespace Zhuji.Domain.Tests;

public class ScopeRulesTests
{
    private const long StreetA = 1, StreetB = 2, CommunityA = 10, CommunityB = 20, BlockA = 100, UnitX = 1000;

    private static readonly Place BlockInA = new(StreetA, CommunityA, BlockA);
    private static readonly Place BlockInB = new(StreetB, CommunityB, 200);
    private static readonly Place CommunityPlaceA = new(StreetA, CommunityA);

    [Test]
    public void CommunityAdminMayGrantBlockAdminInsideHisCommunityOnly()
    {
        Grant[] communityAdmin = [new(Role.CommunityAdmin, CommunityA)];
        Assert.Multiple(() =>
        {
            Assert.That(ScopeRules.CanGrant(communityAdmin, Role.BlockAdmin, BlockInA), Is.True);
            Assert.That(ScopeRules.CanGrant(communityAdmin, Role.BlockAdmin, BlockInB), Is.False);
        });
    }

    [TestCase(Role.CityAdmin)]
    [TestCase(Role.StreetAdmin)]
    [TestCase(Role.CommunityAdmin)]
    [TestCase(Role.WorkUnitAdmin)]
    [TestCase(Role.Member)]
    public void CommunityAdminMayGrantNothingAboveBlockAdmin(Role role)
    {
        Grant[] communityAdmin = [new(Role.CommunityAdmin, CommunityA)];
        Assert.That(ScopeRules.CanGrant(communityAdmin, role, CommunityPlaceA), Is.False);
    }

    [Test]
    public void StreetAdminGrantsCommunityAndBlockAdminsOfHisStreet()
    {
        Grant[] streetAdmin = [new(Role.StreetAdmin, StreetA)];
        Assert.Multiple(() =>
        {
            Assert.That(ScopeRules.CanGrant(streetAdmin, Role.CommunityAdmin, CommunityPlaceA), Is.True);
            Assert.That(ScopeRules.CanGrant(streetAdmin, Role.BlockAdmin, BlockInA), Is.True);
            Assert.That(ScopeRules.CanGrant(streetAdmin, Role.CommunityAdmin, new Place(StreetB, CommunityB)), Is.False);
            Assert.That(ScopeRules.CanGrant(streetAdmin, Role.StreetAdmin, new Place(StreetA)), Is.False);
        });
    }

    [Test]
    public void CityAdminGrantsEverythingButMembership()
    {
        Grant[] city = [Grant.City];
        Assert.Multiple(() =>
        {
            Assert.That(ScopeRules.CanGrant(city, Role.CityAdmin, Place.City), Is.True);
            Assert.That(ScopeRules.CanGrant(city, Role.WorkUnitAdmin, new Place(WorkUnitId: UnitX)), Is.True);
            Assert.That(ScopeRules.CanGrant(city, Role.Member, CommunityPlaceA), Is.False);
        });
    }

    [Test]
    public void AdministrationFollowsTheTreeDownwardsNeverUpOrSideways()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ScopeRules.Administers([new Grant(Role.StreetAdmin, StreetA)], BlockInA), Is.True);
            Assert.That(ScopeRules.Administers([new Grant(Role.CommunityAdmin, CommunityA)], BlockInA), Is.True);
            Assert.That(ScopeRules.Administers([new Grant(Role.BlockAdmin, BlockA)], CommunityPlaceA), Is.False);
            Assert.That(ScopeRules.Administers([new Grant(Role.CommunityAdmin, CommunityA)], BlockInB), Is.False);
            Assert.That(ScopeRules.Administers([new Grant(Role.WorkUnitAdmin, UnitX)], CommunityPlaceA), Is.False);
            Assert.That(ScopeRules.Administers([new Grant(Role.WorkUnitAdmin, UnitX)], new Place(WorkUnitId: UnitX)), Is.True);
            Assert.That(ScopeRules.Administers([Grant.City], BlockInB), Is.True);
        });
    }
}
