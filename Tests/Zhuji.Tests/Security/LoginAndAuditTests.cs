using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Zhuji.Api.Features.Auth;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Security;

/// <summary>
/// What an assessor (等保) checks of login and audit: limits that count failures only (an office behind one NAT logs in
/// all morning), every login in the audit with its address, exports masked unless asked and allowed, every view of whole
/// phone numbers recorded.
/// </summary>
public class LoginAndAuditTests : ApiTest
{
    private TestCity city = null!;

    [OneTimeSetUp]
    public async Task CreateCityAsync() => city = await TestCity.CreateAsync(Factory);

    [Test]
    public async Task AHundredSuccessfulLoginsFromOneAddressAllSucceedAndWrongPasswordsStillLock()
    {
        const string office = "198.51.100.77";
        var accounts = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            accounts.Add(await CreateAccountAsync("office"));
        }

        for (var i = 0; i < 100; i++)
        {
            await LoginAsync(office, accounts[i % 10], Password).ReadJsonAsync(HttpStatusCode.OK);
        }

        // Monday 9:00: the whole office at once.
        var together = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => LoginAsync(office, accounts[i % 10], Password))));
        Assert.That(together.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));

        // Wrong passwords are still counted: five on one account lock it from this address, and the message says so.
        for (var i = 0; i < 4; i++)
        {
            await LoginAsync(office, accounts[0], "wrong-password-x").ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        var locked = await LoginAsync(office, accounts[0], "wrong-password-x").ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(locked.Title, Does.Contain("密码错误次数过多"));
        await LoginAsync(office, accounts[0], Password).ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        await LoginAsync(office, accounts[1], Password).ReadJsonAsync(HttpStatusCode.OK);
        await LoginAsync("198.51.100.78", accounts[0], Password).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task OneAddressTryingManyNamesIsStoppedAfterThirtyFailures()
    {
        const string scanner = "203.0.113.61";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 32; i++)
        {
            statuses.Add((await LoginAsync(scanner, Unique("nobody-"), "whatever-password")).StatusCode);
        }

        var account = await CreateAccountAsync("victim");
        Assert.Multiple(async () =>
        {
            Assert.That(statuses.Take(29), Is.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(statuses.Skip(30), Is.All.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That((await LoginAsync(scanner, account, Password)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That((await LoginAsync("203.0.113.62", account, Password)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task EveryLoginIsAuditedWithItsAddressSucceededOrNot()
    {
        var account = await CreateAccountAsync("audited");
        await LoginAsync("192.0.2.10", account, Password).ReadJsonAsync(HttpStatusCode.OK);
        await LoginAsync("192.0.2.11", account, "not-the-password").ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var openId = Unique("wx-audited-");
        var wechat = Factory.CreateClient();
        wechat.DefaultRequestHeaders.Add(ZhujiApiFactory.ClientHeader, "192.0.2.12");
        await wechat.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = $"fake:{openId}" }).ReadAsync<LoginResponse>(HttpStatusCode.OK);
        await wechat.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = "not-a-code" }).ReadProblemAsync(HttpStatusCode.BadRequest, "wechat_code_invalid");

        var city = await Factory.CityAdminAsync();
        var logins = (await city.GetAsync("/api/v1/audit?group=Logins&limit=100").ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
        JsonNode? Find(string address, string action) => logins.FirstOrDefault(l => l!["address"]?.GetValue<string>() == address && l["action"]!.GetValue<string>() == action);
        Assert.Multiple(() =>
        {
            Assert.That(Find("192.0.2.10", "LoginSucceeded")?["after"]!["username"]!.GetValue<string>(), Is.EqualTo(account));
            Assert.That(Find("192.0.2.10", "LoginSucceeded")?["actionName"]!.GetValue<string>(), Is.EqualTo("登录成功"));
            Assert.That(Find("192.0.2.11", "LoginFailed")?["after"]!["refusal"]!.GetValue<string>(), Is.EqualTo("密码错误"));
            Assert.That(Find("192.0.2.11", "LoginFailed")?["actorUserId"], Is.Null, "a failure names no actor: it may not be him");
            Assert.That(Find("192.0.2.12", "LoginSucceeded")?["after"]!["method"]!.GetValue<string>(), Is.EqualTo("WeChat"));
            Assert.That(Find("192.0.2.12", "LoginFailed"), Is.Not.Null, "a refused WeChat code too");
            Assert.That(logins.Select(l => l!["action"]!.GetValue<string>()), Is.All.AnyOf("LoginSucceeded", "LoginFailed"));
        });
        await city.GetAsync("/api/v1/audit?group=Everything").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var decisions = (await city.GetAsync("/api/v1/audit?group=Decisions&limit=100").ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.That(decisions.Select(l => l!["action"]!.GetValue<string>()), Has.None.StartsWith("Login"));
    }

    [Test]
    public async Task ExportsMaskPhonesUnlessAskedAndEveryExportAndViewOfWholePhonesIsAudited()
    {
        var admin = await TestCity.AdminAsync(Factory, Unique("exp-"), "CommunityAdmin", city.CommunityA);
        admin.DefaultRequestHeaders.Add(ZhujiApiFactory.ClientHeader, "192.0.2.40");
        var phone = Registrations.NewPhone();
        await Factory.ApprovedMemberAsync(Unique("exp-m-"), city.CommunityA, city.BlockA1, city.WorkUnit, phone: phone);

        var masked = await WorkbookTextAsync(admin, $"/api/v1/communities/{city.CommunityA}/members?format=xlsx");
        var whole = await WorkbookTextAsync(admin, $"/api/v1/communities/{city.CommunityA}/members?format=xlsx&unmasked=true");
        var registrations = await WorkbookTextAsync(admin, $"/api/v1/communities/{city.CommunityA}/registrations?format=xlsx");
        Assert.Multiple(() =>
        {
            Assert.That(masked, Does.Not.Contain(phone).And.Contain(phone[..3] + "****" + phone[7..]).And.Contain("手机号已隐去中间四位"));
            Assert.That(whole, Does.Contain(phone).And.Contain("含完整手机号"));
            Assert.That(registrations, Does.Not.Contain(phone));
        });

        var list = await admin.GetAsync($"/api/v1/communities/{city.CommunityA}/members?limit=100").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(list["items"]!.AsArray().Select(m => m!["phone"]!.GetValue<string>()), Does.Contain(phone), "his own community's phones, whole, on screen");

        var entries = (await (await Factory.CityAdminAsync()).GetAsync("/api/v1/audit?group=PersonalData&limit=100").ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .Where(e => e!["address"]?.GetValue<string>() == "192.0.2.40").ToList();
        var exports = entries.Where(e => e!["action"]!.GetValue<string>() == "Exported").ToList();
        var views = entries.Where(e => e!["action"]!.GetValue<string>() == "PhonesViewed").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(exports, Has.Count.EqualTo(3));
            Assert.That(exports.Count(e => e!["after"]!["unmaskedPhones"]!.GetValue<bool>()), Is.EqualTo(1));
            Assert.That(exports.Select(e => e!["after"]!["file"]!.GetValue<string>()), Has.All.EndsWith(".xlsx"));
            Assert.That(views, Has.Count.EqualTo(1));
            Assert.That(views[0]!["after"]!["phones"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(1));
            Assert.That(views[0]!["after"]!["list"]!.GetValue<string>(), Does.Contain("社区党员名单"));
            Assert.That(views[0]!["actorName"], Is.Not.Null);
        });
    }

    private const string Password = "office-password-1";

    private async Task<string> CreateAccountAsync(string prefix)
    {
        var username = Unique(prefix);
        await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/admin-accounts", new
        {
            username,
            password = Password,
            displayName = "科室干部",
            roles = new[] { new { role = "WorkUnitAdmin", scopeId = city.WorkUnit } },
        }).ReadJsonAsync(HttpStatusCode.Created);
        return username;
    }

    private Task<HttpResponseMessage> LoginAsync(string from, string username, string password)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(ZhujiApiFactory.ClientHeader, from);
        return client.PostAsJsonAsync("/api/v1/auth/password-login", new { username, password });
    }

    private static async Task<string> WorkbookTextAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        using var printed = new PrintedWorkbook(await response.Content.ReadAsByteArrayAsync());
        return string.Join(" ", PrintedWorkbook.Rows(printed.Sheet(0)).SelectMany(r => r.Value));
    }
}
