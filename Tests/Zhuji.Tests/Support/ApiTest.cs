using Microsoft.Extensions.DependencyInjection;

namespace Zhuji.Tests.Support;

/// <summary>One API (and one SQLite file) per test class; tests make their own uniquely named data.</summary>
public abstract class ApiTest
{
    private static int counter;

    protected ZhujiApiFactory Factory { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartApiAsync()
    {
        Factory = await CreateFactoryAsync();
        _ = Factory.Server;
    }

    /// <summary>After each test, whatever it did over HTTP: the summary tables its saves kept equal the counts of the tables.</summary>
    [TearDown]
    public async Task TalliesEqualTheTablesAsync()
    {
        if (KeepsTallies && TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed)
        {
            await Tallies.AssertKeptExactlyAsync(Factory);
        }
    }

    [OneTimeTearDown]
    public async Task StopApiAsync()
    {
        await Factory.DisposeAsync();

        await DisposeFixtureAsync();
    }

    /// <summary>False for a class that writes around the API on purpose (a bulk load, a broken file).</summary>
    protected virtual bool KeepsTallies => true;

    protected virtual Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory());

    protected virtual Task DisposeFixtureAsync() => Task.CompletedTask;

    protected static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref counter)}";
}

/// <summary>
/// Tests in one small city (<see cref="TestCity"/>, made once per class) on a business clock they move: the clock is
/// back at <paramref name="start"/> before each test, and <see cref="CommunityAdmin"/> administers community A.
/// </summary>
public abstract class CityApiTest(DateTimeOffset start) : ApiTest
{
    protected TestClock Clock { get; } = new(start);

    protected TestCity City { get; private set; } = null!;

    protected HttpClient CommunityAdmin { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        City = await TestCity.CreateAsync(Factory);
        CommunityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", City.CommunityA);
    }

    [SetUp]
    public void RewindClock() => Clock.Set(start);

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory(clock: Clock, services: ConfigureServices));

    /// <summary>Seams the class replaces (a notifier to watch).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
