using Microsoft.Extensions.Options;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>Configurations that must never serve a request.</summary>
[SqliteOnly]
public class StartupTests
{
    [Test]
    public void FakeWeChatIsRefusedInProductionBeforeTheDatabaseIsTouched()
    {
        using var factory = new ZhujiApiFactory(environment: "Production");
        var error = Assert.Throws(Is.InstanceOf<Exception>(), () => _ = factory.Server);
        Assert.Multiple(() =>
        {
            Assert.That(Flatten(error!).OfType<OptionsValidationException>().Any(), Is.True, error!.ToString());
            Assert.That(error!.ToString(), Does.Contain("Mode=Fake is refused in the Production environment"));
            Assert.That(File.Exists(factory.DatabasePath), Is.False);
        });
    }

    [Test]
    public void ASigningKeyIsRequiredOutsideDevelopment()
    {
        using var factory = new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:Auth:SigningKey"] = "" });
        var error = Assert.Throws(Is.InstanceOf<Exception>(), () => _ = factory.Server);
        Assert.That(error!.ToString(), Does.Contain("Zhuji:Auth:SigningKey is required outside Development"));
    }

    [Test]
    public void LiveModeNeedsTheMiniProgramCredentials()
    {
        using var factory = new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:WeChat:Mode"] = "Live" });
        var error = Assert.Throws(Is.InstanceOf<Exception>(), () => _ = factory.Server);
        Assert.That(error!.ToString(), Does.Contain("AppId and Zhuji:WeChat:AppSecret are required in Live mode"));
    }

    [Test]
    public void ProductionWithLiveWeChatAndAKeyStarts()
    {
        using var factory = new ZhujiApiFactory(new Dictionary<string, string?>
        {
            ["Zhuji:WeChat:Mode"] = "Live",
            ["Zhuji:WeChat:AppId"] = "wx-production",
            ["Zhuji:WeChat:AppSecret"] = "secret",
            ["Zhuji:WeChat:BaseUrl"] = "http://127.0.0.1:9",
        }, environment: "Production");
        Assert.That(factory.Server, Is.Not.Null);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        yield return e;
        if (e is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
            {
                yield return inner;
            }
        }
        else if (e.InnerException is not null)
        {
            foreach (var inner in Flatten(e.InnerException))
            {
                yield return inner;
            }
        }
    }
}
