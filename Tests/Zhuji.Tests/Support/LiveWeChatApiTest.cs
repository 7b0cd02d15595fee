namespace Zhuji.Tests.Support;

/// <summary>An API in WeChat Live mode, against its own fake WeChat server on 127.0.0.1.</summary>
public abstract class LiveWeChatApiTest : ApiTest
{
    protected FakeWeChatServer WeChat { get; private set; } = null!;

    protected override async Task<ZhujiApiFactory> CreateFactoryAsync()
    {
        WeChat = await FakeWeChatServer.StartAsync();
        return CreateFactory(WeChat.LiveSettings());
    }

    /// <summary>The API on the Live settings; a test class adds its own settings or clock here.</summary>
    protected virtual ZhujiApiFactory CreateFactory(Dictionary<string, string?> settings) => new(settings);

    protected override async Task DisposeFixtureAsync() => await WeChat.DisposeAsync();
}
