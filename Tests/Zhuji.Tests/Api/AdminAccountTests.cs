using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Zhuji.Api.Features.AdminAccounts;
using Zhuji.Api.Features.Auth;
using Zhuji.Domain.Identity;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

public class AdminAccountTests : ApiTest
{
    private TestCity city = null!;

    [OneTimeSetUp]
    public async Task CreateCityAsync() => city = await TestCity.CreateAsync(Factory);

    [Test]
    public async Task ACityAdminCreatesAnAccountThatLogsInWithItsRoles()
    {
        var username = Unique("secretary");
        var created = await CreateAccount(await Factory.CityAdminAsync(), username, "correct-horse-1", "CommunityAdmin", city.CommunityA)
            .ReadAsync<AdminAccountCreatedResponse>(HttpStatusCode.Created);

        var login = await Login(username.ToUpperInvariant(), "correct-horse-1").ReadAsync<LoginResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(login.User.Id, Is.EqualTo(created.UserId));
            Assert.That(login.User.Roles[0].Role, Is.EqualTo(Role.CommunityAdmin));
            Assert.That(login.User.Roles[0].ScopeId, Is.EqualTo(city.CommunityA));
        });
    }

    [Test]
    public async Task RepeatedFailuresLockTheAccountEvenAgainstTheRightPassword()
    {
        var username = Unique("locked");
        await CreateAccount(await Factory.CityAdminAsync(), username, "right-password-1", "WorkUnitAdmin", city.WorkUnit)
            .ReadAsync<AdminAccountCreatedResponse>(HttpStatusCode.Created);

        for (var i = 0; i < 4; i++)
        {
            await Login(username, "wrong-password").ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        var locked = await Login(username, "wrong-password");
        await locked.ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(locked.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.FromMinutes(14)));

        await Login(username, "right-password-1").ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task AnUnknownUsernameLooksLikeAWrongPassword()
    {
        var unknown = await Login(Unique("nobody"), "whatever-password").ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.That(unknown.Title, Is.EqualTo("用户名或密码错误"));
    }

    [Test]
    public async Task AShortPasswordAndABadUsernameAreNamed()
    {
        var response = await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/admin-accounts",
            new { username = "a b", password = "short", displayName = "x", roles = new[] { new { role = "CityAdmin" } } });
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem.Errors.Keys, Is.SupersetOf(new[] { "username", "password" }));
    }

    [Test]
    public async Task ATakenUsernameIsAConflict()
    {
        var admin = await Factory.CityAdminAsync();
        var username = Unique("dup");
        await CreateAccount(admin, username, "password-long-1", "WorkUnitAdmin", city.WorkUnit).ReadAsync<AdminAccountCreatedResponse>(HttpStatusCode.Created);
        await CreateAccount(admin, username, "password-long-1", "WorkUnitAdmin", city.WorkUnit).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Test]
    public async Task AScopedAdminCreatesAccountsOnlyWithRolesHeMayGrant()
    {
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        await CreateAccount(communityAdmin, Unique("blk"), "password-long-1", "BlockAdmin", city.BlockA1).ReadAsync<AdminAccountCreatedResponse>(HttpStatusCode.Created);
        await CreateAccount(communityAdmin, Unique("cty"), "password-long-1", "CityAdmin", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await CreateAccount(communityAdmin, Unique("blk"), "password-long-1", "BlockAdmin", city.BlockB1).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task TheAccountChangesItsOwnPasswordOnlyWithTheCurrentOne()
    {
        var username = Unique("self");
        var id = (await CreateAccount(await Factory.CityAdminAsync(), username, "first-password-1", "WorkUnitAdmin", city.WorkUnit)
            .ReadAsync<AdminAccountCreatedResponse>(HttpStatusCode.Created)).Id;
        var token = (await Login(username, "first-password-1").ReadAsync<LoginResponse>(HttpStatusCode.OK)).Token;
        var self = Factory.CreateClient();
        self.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var wrong = await self.PutJsonAsync($"/api/v1/admin-accounts/{id}/password", new { currentPassword = "nope-nope-nope", newPassword = "second-password-2" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(wrong.Errors.Keys, Does.Contain("currentPassword"));

        var ok = await self.PutJsonAsync($"/api/v1/admin-accounts/{id}/password", new { currentPassword = "first-password-1", newPassword = "second-password-2" });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await Login(username, "first-password-1").ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await Login(username, "second-password-2").ReadAsync<LoginResponse>(HttpStatusCode.OK);

        var stranger = await Factory.LoginAsync(Unique("stranger-"));
        await stranger.PutJsonAsync($"/api/v1/admin-accounts/{id}/password", new { newPassword = "third-password-3" })
            .ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var reset = await (await Factory.CityAdminAsync()).PutJsonAsync($"/api/v1/admin-accounts/{id}/password", new { newPassword = "third-password-3" });
        Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await Login(username, "third-password-3").ReadAsync<LoginResponse>(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> CreateAccount(HttpClient admin, string username, string password, string role, string? scopeId) =>
        admin.PostJsonAsync("/api/v1/admin-accounts", new { username, password, displayName = "后台管理员", roles = new[] { new { role, scopeId } } });

    private Task<HttpResponseMessage> Login(string username, string password) =>
        Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username, password });
}
