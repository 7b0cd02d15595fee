using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Zhuji.Api.Features.Tasks;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>What a city's IT department runs the service with: liveness, readiness, Prometheus metrics, JSON logs.</summary>
public class ObservabilityTests : ApiTest
{
    protected override Task<ZhujiApiFactory> CreateFactoryAsync() =>
        Task.FromResult(new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:Metrics:AllowedNetworks:0"] = "10.20.0.0/16" }));

    [Test]
    public async Task LiveAndReadyAnswerWithoutALoginAndReadyChecksTheDatabaseAndItsMigrations()
    {
        var anonymous = Factory.CreateClient();
        var live = await anonymous.GetAsync("/health/live").ReadJsonAsync(HttpStatusCode.OK);
        var ready = await anonymous.GetAsync("/health/ready").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(live["status"]!.GetValue<string>(), Is.EqualTo("Alive"));
            Assert.That(ready["status"]!.GetValue<string>(), Is.EqualTo("Healthy"));
            Assert.That(ready["checks"]!["database"]!["description"]!.GetValue<string>(), Does.Contain("迁移已全部应用"));
        });
    }

    [Test]
    [SqliteOnly]
    public async Task ReadyAnswers503WhenTheDatabaseIsGoneWhileLiveStillAnswers()
    {
        using var broken = new ZhujiApiFactory();
        using var client = broken.CreateClient();
        await client.GetAsync("/health/live").ReadJsonAsync(HttpStatusCode.OK);
        File.Delete(Path.Combine(broken.Folder, "zhuji.db"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var ready = await client.GetAsync("/health/ready").ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.That(ready["status"]!.GetValue<string>(), Is.EqualTo("Unhealthy"));
        await client.GetAsync("/health/live").ReadJsonAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task MetricsCountRequestsClaimsFullGrabsJobsAndWeChatCallsForLoopbackAndTheAllowedNetworkOnly()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await Factory.CityAdminAsync();
        var task = await admin.PublishAsync(TaskHelpers.Body("City", null, DateTimeOffset.UtcNow.AddDays(1), slots: 1));
        var first = await Factory.ApprovedMemberAsync(Unique("metrics-a-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var second = await Factory.ApprovedMemberAsync(Unique("metrics-b-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await first.Client.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await second.Client.ClaimAsync(task.Id).ReadProblemAsync(HttpStatusCode.Conflict, "task_full");

        var text = await ScrapeAsync("127.0.0.1", HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That(text, Does.Match("zhuji_claims_total\\{[^}]*outcome=\"Claimed\"[^}]*\\} [1-9]"));
            Assert.That(text, Does.Match("zhuji_grabs_full_total(\\{[^}]*\\})? [1-9]"));
            Assert.That(text, Does.Contain("http_server_request_duration_seconds"));
            Assert.That(await ScrapeAsync("10.20.3.4", HttpStatusCode.OK), Does.Contain("zhuji_claims_total"));
            Assert.That(await ScrapeAsync("203.0.113.9", HttpStatusCode.NotFound), Does.Not.Contain("zhuji_"), "to the internet /metrics does not exist");
            Assert.That(await ScrapeAsync("10.21.0.1", HttpStatusCode.NotFound), Does.Not.Contain("zhuji_"));
        });
    }

    [Test]
    public async Task JobRunsAreCountedByJob()
    {
        using var running = new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:Jobs:RunServer"] = "true" });
        using var client = running.CreateClient();
        running.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<Zhuji.Jobs.TallyCheckJob>(j => j.RunAsync(CancellationToken.None));

        var text = "";
        for (var i = 0; i < 100 && !text.Contains("TallyCheckJob", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
            text = await client.GetStringAsync("/metrics");
        }

        Assert.That(text, Does.Match("zhuji_job_runs_total\\{[^}]*job=\"TallyCheckJob\"[^}]*\\} [1-9]"));
    }

    [Test]
    public void JsonConsoleLogsWhenConfigured()
    {
        using var json = new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:Logging:Json"] = "true" });
        var formatter = json.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        var plain = Factory.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        Assert.Multiple(() =>
        {
            Assert.That(formatter, Is.EqualTo(ConsoleFormatterNames.Json));
            Assert.That(plain, Is.Not.EqualTo(ConsoleFormatterNames.Json));
        });
    }

    private async Task<string> ScrapeAsync(string from, HttpStatusCode expected)
    {
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(ZhujiApiFactory.ClientHeader, from);
        var response = await client.GetAsync("/metrics");
        Assert.That(response.StatusCode, Is.EqualTo(expected), from);
        return await response.Content.ReadAsStringAsync();
    }
}
