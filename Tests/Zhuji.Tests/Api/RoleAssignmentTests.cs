using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Roles;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

public class RoleAssignmentTests : ApiTest
{
    private TestCity city = null!;

    [OneTimeSetUp]
    public async Task CreateCityAsync() => city = await TestCity.CreateAsync(Factory);

    [Test]
    public async Task ACommunityAdminTryingToGrantCityAdminIsRefused()
    {
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var response = await communityAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("x-"), role = "CityAdmin" });
        await response.ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [TestCase("StreetAdmin")]
    [TestCase("CommunityAdmin")]
    [TestCase("WorkUnitAdmin")]
    public async Task ACommunityAdminMayNotGrantRolesAtOrAboveHisOwn(string role)
    {
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var scope = role switch { "StreetAdmin" => city.StreetA, "CommunityAdmin" => city.CommunityA, _ => city.WorkUnit };
        var response = await communityAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("x-"), role, scopeId = scope });
        await response.ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task ACommunityAdminGrantsBlockAdminInsideHisCommunityAndItTakesEffectAtNextLogin()
    {
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var blockSecretary = Unique("block-secretary-");
        var created = await communityAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId = blockSecretary, role = "BlockAdmin", scopeId = city.BlockA1 })
            .ReadAsync<IdResponse>(HttpStatusCode.Created);

        var after = await Factory.LoginAsync(blockSecretary);
        var me = await after.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(created.Id, Is.Not.Empty);
            Assert.That(me.Roles[0].Role, Is.EqualTo(Role.BlockAdmin));
            Assert.That(me.Roles[0].ScopeId, Is.EqualTo(city.BlockA1));
        });

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "RoleGranted" && a.EntityId == created.Id);
        Assert.That(audit.After, Does.Contain("BlockAdmin"));
    }

    [Test]
    public async Task ACommunityAdminMayNotGrantBlockAdminInAnotherCommunity()
    {
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var response = await communityAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("x-"), role = "BlockAdmin", scopeId = city.BlockB1 });
        await response.ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task AStreetAdminGrantsCommunityAdminOnlyInHisStreet()
    {
        var streetAdmin = await TestCity.AdminAsync(Factory, Unique("sa-"), "StreetAdmin", city.StreetA);
        await streetAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("x-"), role = "CommunityAdmin", scopeId = city.CommunityA })
            .ReadAsync<IdResponse>(HttpStatusCode.Created);
        await streetAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("x-"), role = "CommunityAdmin", scopeId = city.CommunityB })
            .ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task AMemberOrResidentCannotGrantAnything()
    {
        var resident = await Factory.LoginAsync(Unique("resident-"));
        await resident.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("x-"), role = "BlockAdmin", scopeId = city.BlockA1 })
            .ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task TheMemberRoleIsNeverGrantedByHand()
    {
        var admin = await Factory.CityAdminAsync();
        var problem = await admin.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("x-"), role = "Member", scopeId = city.CommunityA })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem.Errors.Keys, Does.Contain("role"));
    }

    [Test]
    public async Task AScopeThatDoesNotExistOrDoesNotFitTheRoleIsAValidationProblem()
    {
        var admin = await Factory.CityAdminAsync();
        var missing = await admin.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("x-"), role = "CommunityAdmin", scopeId = "999999" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var noScope = await admin.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("x-"), role = "BlockAdmin" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var both = await admin.PostJsonAsync("/api/v1/role-assignments", new { openId = "a", userId = "1", role = "CityAdmin" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Multiple(() =>
        {
            Assert.That(missing.Errors.Keys, Does.Contain("scopeId"));
            Assert.That(noScope.Errors.Keys, Does.Contain("scopeId"));
            Assert.That(both.Errors.Keys, Does.Contain("userId"));
        });
    }

    [Test]
    public async Task TheSameRoleTwiceIsAConflict()
    {
        var admin = await Factory.CityAdminAsync();
        var openId = Unique("twice-");
        await admin.PostJsonAsync("/api/v1/role-assignments", new { openId, role = "WorkUnitAdmin", scopeId = city.WorkUnit })
            .ReadAsync<IdResponse>(HttpStatusCode.Created);
        await admin.PostJsonAsync("/api/v1/role-assignments", new { openId, role = "WorkUnitAdmin", scopeId = city.WorkUnit })
            .ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Test]
    public async Task ARoleTakenBackIsGoneAtTheNextLoginAndOnlyTheGranterScopeMayTakeIt()
    {
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var otherCommunityAdmin = await TestCity.AdminAsync(Factory, Unique("cb-"), "CommunityAdmin", city.CommunityB);
        var openId = Unique("bs-");
        var id = (await communityAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId, role = "BlockAdmin", scopeId = city.BlockA2 })
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

        await (await otherCommunityAdmin.DeleteAsync($"/api/v1/role-assignments/{id}")).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.That((await communityAdmin.DeleteAsync($"/api/v1/role-assignments/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await communityAdmin.DeleteAsync($"/api/v1/role-assignments/{id}")).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");

        var me = await (await Factory.LoginAsync(openId)).GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        Assert.That(me.Roles, Is.Empty);
    }

    [Test]
    public async Task ACommunityAdminListsTheBlockAdminsOfHisBlocksButNotOthers()
    {
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var openId = Unique("listed-");
        await communityAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId, role = "BlockAdmin", scopeId = city.BlockA1 })
            .ReadAsync<IdResponse>(HttpStatusCode.Created);

        var page = await communityAdmin.GetAsync($"/api/v1/role-assignments?role=BlockAdmin&scopeId={city.BlockA1}").ReadAsync<Page<RoleAssignmentDto>>(HttpStatusCode.OK);
        Assert.That(page.Items.Select(i => i.Role), Is.All.EqualTo(Role.BlockAdmin));
        await communityAdmin.GetAsync($"/api/v1/role-assignments?role=BlockAdmin&scopeId={city.BlockB1}").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        // The page opens without a filter (it used to answer 400): every grant he could have made, named.
        var other = await TestCity.AdminAsync(Factory, Unique("ca-b-"), "CommunityAdmin", city.CommunityB);
        await other.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("elsewhere-"), role = "BlockAdmin", scopeId = city.BlockB1 }).ReadAsync<IdResponse>(HttpStatusCode.Created);
        var mine = (await communityAdmin.GetAsync("/api/v1/role-assignments?holder=WeChat&limit=100").ReadAsync<Page<RoleAssignmentDto>>(HttpStatusCode.OK)).Items;
        Assert.Multiple(() =>
        {
            Assert.That(mine.Select(i => i.ScopeId), Is.All.AnyOf(city.BlockA1, city.BlockA2));
            Assert.That(mine.Select(i => i.ScopeName), Has.Some.Contains("一号小区"));
            Assert.That(mine.Select(i => i.BackOfficeAccount), Is.All.False);
        });
    }

    [Test]
    public async Task AGranterPicksAPersonByNameOrPhoneFromHisOwnCommunityOnly()
    {
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var phone = Registrations.NewPhone();
        var (_, _, openId) = await Factory.ApprovedMemberAsync(Unique("pick-"), city.CommunityA, city.BlockA1, city.WorkUnit, phone: phone, name: "郑选人");
        await Factory.ApprovedMemberAsync(Unique("pick-b-"), city.CommunityB, city.BlockB1, city.WorkUnit, name: "郑别处");

        var byName = await communityAdmin.GetAsync("/api/v1/role-assignments/candidates?q=郑").ReadAsync<List<RoleCandidateDto>>(HttpStatusCode.OK);
        var byPhone = await communityAdmin.GetAsync($"/api/v1/role-assignments/candidates?q={phone}").ReadAsync<List<RoleCandidateDto>>(HttpStatusCode.OK);
        var names = byName.Select(p => p.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(names, Does.Contain("郑选人").And.Not.Contain("郑别处"));
            Assert.That(byPhone.Single().Phone, Is.EqualTo(phone[..3] + "****" + phone[7..]));
        });
        await communityAdmin.GetAsync("/api/v1/role-assignments/candidates?q=").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var userId = byPhone.Single().UserId;
        await communityAdmin.PostJsonAsync("/api/v1/role-assignments", new { userId, role = "BlockAdmin", scopeId = city.BlockA1 }).ReadAsync<IdResponse>(HttpStatusCode.Created);
        var relogged = await Factory.LoginAsync(openId);
        var me = await relogged.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        Assert.That(me.Roles.Select(r => r.Role), Does.Contain(Role.BlockAdmin));
    }
}
