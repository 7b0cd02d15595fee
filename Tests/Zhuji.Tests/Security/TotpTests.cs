using System.Net;
using System.Net.Http.Json;
using Zhuji.Api.Features.AdminAccounts;
using Zhuji.Api.Features.Auth;
using Zhuji.Domain.Identity;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Security;

/// <summary>The back office's second factor: enrol and confirm, a code at every login, no code twice, the admin above resets a lost one.</summary>
public class TotpTests() : CityApiTest(Noon)
{
    private static readonly DateTimeOffset Noon = TestClock.Shanghai(2026, 5, 6, 12);
    private const string Password = "totp-password-1";

    [Test]
    public async Task AnEnrolledAccountLogsInOnlyWithTheCurrentCodeAndNeverWithTheSameCodeTwice()
    {
        var username = await CreateAccountAsync();
        var admin = await LoggedInAsync(username);
        var status = await admin.GetAsync("/api/v1/auth/totp").ReadAsync<TotpStatusDto>(HttpStatusCode.OK);
        Assert.That(status.Enabled, Is.False);

        var enrolment = await admin.PostAsync("/api/v1/auth/totp/enrol", null).ReadAsync<TotpEnrolmentDto>(HttpStatusCode.OK);
        var secret = enrolment.Secret;
        Assert.That(enrolment.OtpauthUri, Does.StartWith("otpauth://totp/").And.Contain($"secret={secret}"));
        await LoginAsync(username, Password).ReadAsync<LoginResponse>(HttpStatusCode.OK);
        await admin.PostJsonAsync("/api/v1/auth/totp/confirm", new { code = "000000" == Code(secret) ? "111111" : "000000" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await admin.PostJsonAsync("/api/v1/auth/totp/confirm", new { code = Code(secret) }).ReadAsync<TotpStatusDto>(HttpStatusCode.OK);

        var missing = await LoginAsync(username, Password).ReadProblemAsync(HttpStatusCode.Unauthorized, "totp_required");
        Assert.That(missing.Title, Does.Contain("动态口令"));
        Clock.Advance(TimeSpan.FromSeconds(31));
        var code = Code(secret);
        await LoginAsync(username, Password, code).ReadAsync<LoginResponse>(HttpStatusCode.OK);
        await LoginAsync(username, Password, code).ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await LoginAsync(username, "wrong-password-9", Code(secret, +1)).ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Clock.Advance(TimeSpan.FromSeconds(30));
        await LoginAsync(username, Password, Code(secret)).ReadAsync<LoginResponse>(HttpStatusCode.OK);

        var audit = await (await Factory.CityAdminAsync()).GetAsync("/api/v1/audit?action=TotpEnrolled").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(audit["items"]!.AsArray().Select(i => i!["after"]!["username"]!.GetValue<string>()), Does.Contain(username));
    }

    [Test]
    public async Task WrongCodesAreGuessesAndLockLikeWrongPasswords()
    {
        var username = await CreateAccountAsync();
        var secret = await EnrolAsync(username);
        var right = Code(secret);
        var wrong = Enumerable.Range(0, 1_000_000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .Where(c => c != right && c != Code(secret, -1) && c != Code(secret, +1)).Take(5).ToList();
        for (var i = 0; i < 4; i++)
        {
            var problem = await LoginAsync(username, Password, wrong[i]).ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.That(problem.Title, Does.Contain("动态口令错误"));
        }

        await LoginAsync(username, Password, wrong[4]).ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        await LoginAsync(username, Password, right).ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        await LoginAsync(username, Password).ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task WhenRequiredAnAdminWithoutOneEnrolsAtLoginAndTheAdminAboveResetsALostOne()
    {
        await using var strict = new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:Auth:RequireTotpForAdmins"] = "true" }, clock: Clock);
        var city = await TestCity.CreateAsync(strict);
        var username = Unique("required-");
        var created = await (await strict.CityAdminAsync()).PostJsonAsync("/api/v1/admin-accounts", new
        {
            username,
            password = Password,
            displayName = "社区书记",
            roles = new[] { new { role = "CommunityAdmin", scopeId = city.CommunityA } },
        }).ReadAsync<AdminAccountCreatedResponse>(HttpStatusCode.Created);

        var first = await strict.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username, password = Password });
        var problem = await first.ReadProblemAsync(HttpStatusCode.Unauthorized, "totp_required");
        var body = System.Text.Json.Nodes.JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        var secret = body["enrolment"]!["secret"]!.GetValue<string>();
        Assert.That(problem.Title, Does.Contain("验证器"));
        await strict.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username, password = "wrong-password-1" }).ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var wrongPassword = await strict.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username, password = "wrong-password-1" });
        Assert.That(await wrongPassword.Content.ReadAsStringAsync(), Does.Not.Contain(secret), "the secret only after the right password");

        var login = await strict.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username, password = Password, totp = Code(secret) }).ReadAsync<LoginResponse>(HttpStatusCode.OK);
        Assert.That(login.Token, Is.Not.Empty);
        await strict.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username, password = Password }).ReadProblemAsync(HttpStatusCode.Unauthorized, "totp_required");

        // He lost his phone: the city resets it, his tokens end, and his next login enrols a new one.
        var city1 = await strict.CityAdminAsync();
        var reset = await city1.PostAsync($"/api/v1/admin-accounts/{created.Id}/totp/reset", null).ReadAsync<AdminAccountDto>(HttpStatusCode.OK);
        Assert.That(reset.TotpEnabled, Is.False);
        var again = await strict.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username, password = Password });
        var fresh = System.Text.Json.Nodes.JsonNode.Parse(await again.Content.ReadAsStringAsync())!["enrolment"]!["secret"]!.GetValue<string>();
        Assert.That(fresh, Is.Not.EqualTo(secret));
        var other = await TestCity.AdminAsync(strict, Unique("ca-b-"), "CommunityAdmin", city.CommunityB);
        await other.PostAsync($"/api/v1/admin-accounts/{created.Id}/totp/reset", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private string Code(string secret, int offset = 0) => Totp.Code(secret, Totp.StepOf(Clock.GetUtcNow().UtcDateTime) + offset);

    private async Task<string> EnrolAsync(string username)
    {
        var admin = await LoggedInAsync(username);
        var secret = (await admin.PostAsync("/api/v1/auth/totp/enrol", null).ReadAsync<TotpEnrolmentDto>(HttpStatusCode.OK)).Secret;
        await admin.PostJsonAsync("/api/v1/auth/totp/confirm", new { code = Code(secret) }).ReadAsync<TotpStatusDto>(HttpStatusCode.OK);
        Clock.Advance(TimeSpan.FromSeconds(30));
        return secret;
    }

    private async Task<string> CreateAccountAsync()
    {
        var username = Unique("totp-");
        await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/admin-accounts", new
        {
            username,
            password = Password,
            displayName = "街道干部",
            roles = new[] { new { role = "WorkUnitAdmin", scopeId = City.WorkUnit } },
        }).ReadAsync<AdminAccountCreatedResponse>(HttpStatusCode.Created);
        return username;
    }

    private async Task<HttpClient> LoggedInAsync(string username)
    {
        var token = (await LoginAsync(username, Password).ReadAsync<LoginResponse>(HttpStatusCode.OK)).Token;
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private Task<HttpResponseMessage> LoginAsync(string username, string password, string? totp = null) =>
        Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username, password, totp });
}
