using System.Net;
using System.Net.Http.Json;
using Zhuji.Api.Features.AdminAccounts;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Rosters;
using Zhuji.Api.Http;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>A power taken away is gone at once: a revoked role, a new password, a disabled account.</summary>
public class RevocationTests : ApiTest
{
    private TestCity city = null!;

    [OneTimeSetUp]
    public async Task CreateCityAsync() => city = await TestCity.CreateAsync(Factory);

    [Test]
    public async Task ARevokedRolesOldTokenLosesThatPowerAndKeepsTheRest()
    {
        var openId = Unique("revoked-");
        var cityAdmin = await Factory.CityAdminAsync();
        var communityGrant = (await cityAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId, role = "CommunityAdmin", scopeId = city.CommunityA })
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        await cityAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId, role = "WorkUnitAdmin", scopeId = city.WorkUnit }).ReadAsync<IdResponse>(HttpStatusCode.Created);
        var oldToken = await Factory.LoginAsync(openId);
        var pending = await (await Factory.LoginAsync(Unique("applicant-"))).RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit));
        var (_, memberId, _) = await Factory.ApprovedMemberAsync(Unique("neighbour-"), city.CommunityA, city.BlockA1, city.WorkUnit);

        await cityAdmin.DeleteAsync($"/api/v1/role-assignments/{communityGrant}").ExpectAsync(HttpStatusCode.NoContent);

        var problem = await oldToken.PostAsync($"/api/v1/registrations/{pending.Id}/approve", null).ReadProblemAsync(HttpStatusCode.Unauthorized, "token_revoked");
        Assert.That(problem.Title, Is.EqualTo("权限已变更，请重新登录"));
        await oldToken.PostJsonAsync($"/api/v1/members/{memberId}/service-records", new { category = "CommunityActivity", title = "x", servedAt = DateTimeOffset.UtcNow, hours = 1, content = "x", flags = 5 })
            .ReadProblemAsync(HttpStatusCode.Unauthorized, "token_revoked");
        await oldToken.PostJsonAsync("/api/v1/role-assignments", new { openId = Unique("minion-"), role = "BlockAdmin", scopeId = city.BlockA1 })
            .ReadProblemAsync(HttpStatusCode.Unauthorized, "token_revoked");
        await oldToken.PostJsonAsync("/api/v1/admin-accounts", new { username = Unique("ghost"), password = "password-long-1", displayName = "x", roles = new[] { new { role = "BlockAdmin", scopeId = city.BlockA1 } } })
            .ReadProblemAsync(HttpStatusCode.Unauthorized, "token_revoked");

        // What he still holds keeps working with the same token.
        await oldToken.GetAsync($"/api/v1/work-units/{city.WorkUnit}/summary").ReadAsync<WorkUnitSummary>(HttpStatusCode.OK);
        await oldToken.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);

        // A fresh login holds only what is left.
        var fresh = await Factory.LoginAsync(openId);
        await fresh.PostAsync($"/api/v1/registrations/{pending.Id}/approve", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task ANewPasswordEndsTheOldTokens()
    {
        var username = Unique("pwd");
        var account = await CreateAccountAsync(username);
        var (token, _) = await PasswordLoginAsync(username, "right-password-1");
        await token.PutJsonAsync($"/api/v1/admin-accounts/{account}/password", new { currentPassword = "right-password-1", newPassword = "right-password-2" })
            .ExpectAsync(HttpStatusCode.NoContent);
        await token.GetAsync("/api/v1/me").ReadProblemAsync(HttpStatusCode.Unauthorized, "token_revoked");
        var (fresh, _) = await PasswordLoginAsync(username, "right-password-2");
        await fresh.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
    }

    [Test]
    public async Task ADisabledAccountsTokensStopAndItCannotLogIn()
    {
        var username = Unique("off");
        var account = await CreateAccountAsync(username);
        var (token, _) = await PasswordLoginAsync(username, "right-password-1");
        var cityAdmin = await Factory.CityAdminAsync();
        var disabled = await cityAdmin.PostAsync($"/api/v1/admin-accounts/{account}/disable", null).ReadAsync<AdminAccountDto>(HttpStatusCode.OK);
        Assert.That(disabled.Disabled, Is.True);

        await token.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations").ReadProblemAsync(HttpStatusCode.Unauthorized, "token_revoked");
        var (_, login) = await PasswordLoginAsync(username, "right-password-1", expect: HttpStatusCode.Unauthorized);
        Assert.That(login, Does.Contain("停用"));

        await cityAdmin.PostAsync($"/api/v1/admin-accounts/{account}/enable", null).ReadAsync<AdminAccountDto>(HttpStatusCode.OK);
        await PasswordLoginAsync(username, "right-password-1");
        var listed = await cityAdmin.GetAsync($"/api/v1/admin-accounts?q={username}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(listed["items"]!.AsArray().Single()!["username"]!.GetValue<string>(), Is.EqualTo(username));
    }

    [Test]
    public async Task AnotherInstanceStopsTheRevokedTokenWithinItsFreshness()
    {
        await using var other = new ZhujiApiFactory(
            new Dictionary<string, string?> { ["Zhuji:Auth:AccessFreshnessSeconds"] = "1" }, folder: Factory.Folder);
        var openId = Unique("two-instances-");
        var grant = (await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/role-assignments", new { openId, role = "CommunityAdmin", scopeId = city.CommunityA })
            .ReadJsonAsync(HttpStatusCode.Created)).Id();
        var onOther = await other.LoginAsync(openId);
        var url = $"/api/v1/communities/{city.CommunityA}/registrations";
        await onOther.GetAsync(url).ReadJsonAsync(HttpStatusCode.OK);

        // Revoked on this instance; the other one learns it from the database within its freshness.
        await (await Factory.CityAdminAsync()).DeleteAsync($"/api/v1/role-assignments/{grant}").ExpectAsync(HttpStatusCode.NoContent);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage response;
        do
        {
            await Task.Delay(200);
            response = await onOther.GetAsync(url);
        }
        while (response.StatusCode == HttpStatusCode.OK && stopwatch.Elapsed < TimeSpan.FromSeconds(10));

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized, "token_revoked");
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    private async Task<string> CreateAccountAsync(string username) =>
        (await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/admin-accounts", new
        {
            username,
            password = "right-password-1",
            displayName = "测试账号",
            roles = new[] { new { role = "CommunityAdmin", scopeId = city.CommunityA } },
        }).ReadJsonAsync(HttpStatusCode.Created)).Id();

    private async Task<(HttpClient Client, string Body)> PasswordLoginAsync(string username, string password, HttpStatusCode expect = HttpStatusCode.OK)
    {
        var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/password-login", new { username, password });
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expect), text);
        if (expect == HttpStatusCode.OK)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", System.Text.Json.Nodes.JsonNode.Parse(text)!["token"]!.GetValue<string>());
        }

        return (client, text);
    }
}
