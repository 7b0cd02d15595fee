using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.MasterData;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>Bad input gets a clear problem answer and changes nothing, over the real server (Kestrel) too.</summary>
[SqliteOnly]
public class ClearAnswerTests : ApiTest
{
    private TestCity city = null!;
    private HttpClient cityAdmin = null!;

    protected override Task<ZhujiApiFactory> CreateFactoryAsync()
    {
        // A short busy timeout, so that a database held by another writer shows as a transient fault quickly.
        var factory = new ZhujiApiFactory();
        return Task.FromResult(new ZhujiApiFactory(new Dictionary<string, string?> { ["ConnectionStrings:Zhuji"] = $"Data Source={factory.DatabasePath};Default Timeout=1" }, folder: factory.Folder));
    }

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        cityAdmin = await Factory.CityAdminAsync();
    }

    [TestCase("/api/v1/work-units/{unit}/members?year=0")]
    [TestCase("/api/v1/work-units/{unit}/members?year=-1")]
    [TestCase("/api/v1/work-units/{unit}/members?year=10000")]
    [TestCase("/api/v1/work-units/{unit}/summary?year=0")]
    [TestCase("/api/v1/work-units/{unit}/summary?year=10000")]
    [TestCase("/api/v1/compliance?year=1999")]
    [TestCase("/api/v1/stats/city?year=2101")]
    public async Task AYearOutsideTwoThousandToTwentyOneHundredIsRefusedOnItsField(string url)
    {
        var problem = await cityAdmin.GetAsync(url.Replace("{unit}", city.WorkUnit)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem.Errors.Keys, Does.Contain("year"));
    }

    [Test]
    public async Task ABusyDatabaseIsATransientFaultToRetryNotABug()
    {
        await using (var holder = new SqliteConnection($"Data Source={Factory.DatabasePath};Default Timeout=1"))
        {
            await holder.OpenAsync();
            await using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();

            var response = await cityAdmin.PostJsonAsync("/api/v1/streets", new { name = Unique("繁忙街道") });
            await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.That(response.Headers.RetryAfter, Is.Not.Null);
            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        await cityAdmin.PostJsonAsync("/api/v1/streets", new { name = Unique("空闲街道") }).ReadAsync<StreetDto>(HttpStatusCode.Created);
    }

    [Test]
    public async Task MalformedRequestsOverTheRealServerGetProblemAnswers()
    {
        await using var factory = new ZhujiApiFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var nul = await RawAsync(address, "GET /api/v1/tasks/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var bigHeader = await RawAsync(address, $"GET /api/v1/streets HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 70_000)}\r\nConnection: close\r\n\r\n");
        var nonAscii = await RawAsync(address, "GET /api/v1/streets HTTP/1.1\r\nHost: x\r\nX-Name: 张三\r\nConnection: close\r\n\r\n");
        var badUtf8 = await RawAsync(address, "POST /api/v1/auth/wechat-login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 32\r\nConnection: close\r\n\r\n",
            [.. Encoding.ASCII.GetBytes("{\"code\":\"fake:x\",\"zz\":\""), 0xff, 0xfe, 0xfd, .. Encoding.ASCII.GetBytes("xxxx\"}")]);
        Assert.Multiple(() =>
        {
            AssertProblem(nul, 400, "validation_failed");
            AssertProblem(bigHeader, 431, "payload_too_large");
            AssertProblem(nonAscii, 401, "unauthorized");
            AssertProblem(badUtf8, 400, "validation_failed");
        });
        Assert.That(badUtf8, Does.Not.Contain("\"token\""), "the login did not run");
    }

    private static void AssertProblem(string response, int status, string code)
    {
        Assert.That(response, Does.StartWith($"HTTP/1.1 {status} "), response.Length > 300 ? response[..300] : response);
        Assert.That(response, Does.Contain("application/problem+json"), response);
        Assert.That(response, Does.Contain($"\"code\":\"{code}\""), response);
    }

    private static async Task<string> RawAsync(Uri address, string head, byte[]? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head));
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }

        using var reader = new MemoryStream();
        try
        {
            await stream.CopyToAsync(reader).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (IOException)
        {
            // The server closed after answering.
        }

        return Encoding.UTF8.GetString(reader.ToArray());
    }
}
