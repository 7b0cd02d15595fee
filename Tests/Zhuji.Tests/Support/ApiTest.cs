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

    [OneTimeTearDown]
    public async Task StopApiAsync()
    {
        await Factory.DisposeAsync();
        await DisposeFixtureAsync();
    }

    protected virtual Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory());

    protected virtual Task DisposeFixtureAsync() => Task.CompletedTask;

    protected static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref counter)}";
}
