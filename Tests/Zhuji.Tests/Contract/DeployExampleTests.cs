using System.Net;
using System.Text.RegularExpressions;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Contract;

/// <summary>
/// The settings file of docs/deploy.md starts the service as written, in Production: every key it must have is there
/// (a missing signing key, a Fake WeChat, no provider would refuse to start). Only what points at this machine is
/// replaced: the test database, the data folder, the fake WeChat server standing in for WeChat.
/// </summary>
public partial class DeployExampleTests
{
    [Test]
    public async Task TheDeploymentGuidesSettingsStartTheServiceInProduction()
    {
        var guide = await File.ReadAllTextAsync(Path.Combine(DocsWalkTests.RootFolder(), "docs", "deploy.md"));
        var block = SettingsBlock().Match(guide);
        Assert.That(block.Success, Is.True, "docs/deploy.md has its ini block of settings");
        var written = block.Groups["body"].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0].Replace("__", ":", StringComparison.Ordinal), p => (string?)p[1]);
        Assert.That(written.GetValueOrDefault("ASPNETCORE_ENVIRONMENT"), Is.EqualTo("Production"));

        await using var weChat = await FakeWeChatServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            // What the test factory sets for every test, which the guide must set itself.
            ["Zhuji:Auth:SigningKey"] = null,
            ["Zhuji:DataProtection:Key"] = null,
            ["Zhuji:WeChat:Mode"] = null,
            ["Zhuji:Bootstrap:CityAdminOpenIds:0"] = null,
        };
        foreach (var (key, value) in written.Where(w => !w.Key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)))
        {
            settings[key] = value;
        }

        // This machine's database, folder and WeChat, instead of the server's.
        settings.Remove("ConnectionStrings:Zhuji");
        settings.Remove("Zhuji:Database:Provider");
        settings.Remove("Zhuji:DataFolder");
        foreach (var (key, value) in weChat.LiveSettings().Where(s => s.Key != "Zhuji:WeChat:Mode"))
        {
            settings[key] = value;
        }

        await using var factory = new ZhujiApiFactory(settings, environment: "Production");
        var client = factory.CreateClient();
        await client.GetAsync("/health").ExpectAsync(HttpStatusCode.OK);
        var login = await client.PostJsonAsync("/api/v1/auth/wechat-login", new { code = factory.LoginCode(written["Zhuji:Bootstrap:CityAdminOpenIds:0"]!) })
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(login["user"]!["roles"]!.AsArray().Select(r => r!["role"]!.GetValue<string>()), Does.Contain("CityAdmin"), "the first city admin of the settings");
    }

    [GeneratedRegex(@"## 4\. The settings.*?```ini\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SettingsBlock();
}
