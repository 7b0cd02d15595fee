using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Features.Tasks;
using Zhuji.Domain.Tasks;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Infrastructure;

/// <summary>
/// deploy/nginx/zhuji.conf as written, in Debian's nginx, in front of the API on loopback: TLS, the redirect from plain
/// HTTP, a member's login, registration and claim through it, /metrics closed, and the client's address as nginx saw
/// it (a forged X-Forwarded-For from the client is not believed). Only the ports, the certificate paths and the
/// upstream's port are replaced.
/// </summary>
[SqliteOnly]
public class NginxProxyTests
{
    private const string Nginx = "/usr/sbin/nginx";

    [Test]
    public async Task AMemberLogsInRegistersAndGrabsThroughNginxAndTheAuditSeesHisRealAddress()
    {
        if (!File.Exists(Nginx))
        {
            if (Environment.GetEnvironmentVariable("ZHUJI_REQUIRE_NGINX") == "1")
            {
                Assert.Fail("nginx not found: install Debian's nginx (apt-get install nginx-light or nginx)");
            }

            Assert.Ignore("nginx not found: the proxy test needs Debian's nginx (apt-get install nginx)");
        }

        await using var api = new ZhujiApiFactory();
        api.UseKestrel(0);
        api.StartServer();
        var upstream = new Uri(api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        var city = await TestCity.CreateAsync(api);
        var admin = await api.CityAdminAsync();
        var task = await admin.PublishAsync(TaskHelpers.Body("City", null, DateTimeOffset.UtcNow.AddDays(1), slots: 5));

        var folder = Path.Combine(api.Folder, "nginx");
        Directory.CreateDirectory(folder);
        var (httpPort, httpsPort) = (FreePort(), FreePort());
        using var certificate = WriteCertificate(folder);
        var config = (await File.ReadAllTextAsync(Path.Combine(Contract.DocsWalkTests.RootFolder(), "deploy", "nginx", "zhuji.conf")))
            .Replace("server 127.0.0.1:5080;", $"server 127.0.0.1:{upstream.Port};", StringComparison.Ordinal)
            .Replace("listen [::]:80;", "", StringComparison.Ordinal)
            .Replace("listen [::]:443 ssl http2;", "", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{httpPort};", StringComparison.Ordinal)
            .Replace("listen 443 ssl http2;", $"listen 127.0.0.1:{httpsPort} ssl http2;", StringComparison.Ordinal)
            .Replace("/etc/nginx/tls/xfwj.crt", Path.Combine(folder, "tls.crt"), StringComparison.Ordinal)
            .Replace("/etc/nginx/tls/xfwj.key", Path.Combine(folder, "tls.key"), StringComparison.Ordinal);
        Assert.That(config, Does.Contain($":{upstream.Port}").And.Contain($":{httpsPort} ssl"), "the file still has what the test replaces");
        await File.WriteAllTextAsync(Path.Combine(folder, "zhuji.conf"), config);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            events { worker_connections 256; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/zhuji.conf;
            }
            """);

        var check = Run(["-t", "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log")]);
        await check.WaitForExitAsync();
        Assert.That(check.ExitCode, Is.Zero, await check.StandardError.ReadToEndAsync());
        using var nginx = Run(["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log")]);
        try
        {
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
                AllowAutoRedirect = false,
            };
            using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}") };
            await WaitUntilUpAsync(client);

            using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            var redirect = await plain.GetAsync("/api/v1/tasks");
            Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
            Assert.That(redirect.Headers.Location!.ToString(), Does.StartWith("https://"));

            // A member on his phone: the mini-program's calls, through nginx, with a forged address in the headers.
            var openId = $"via-nginx-{Guid.NewGuid():N}";
            client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.99");
            var login = await client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = $"fake:{openId}" }).ReadAsync<LoginResponse>(HttpStatusCode.OK);
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", login.Token);
            var registration = await client.PostJsonAsync("/api/v1/registrations", Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit)).ReadAsync<RegistrationDto>(HttpStatusCode.Created);
            await admin.ApproveAsync(registration.Id);
            var relogin = await client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = $"fake:{openId}" }).ReadAsync<LoginResponse>(HttpStatusCode.OK);
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", relogin.Token);
            var claim = await client.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
            Assert.That(claim.Status, Is.EqualTo(ClaimStatus.Claimed));
            var metrics = await client.GetAsync("/metrics");
            Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "/metrics is not served through the proxy");
            var headers = await client.GetAsync("/api/v1/me");
            Assert.That(headers.Headers.Contains("Server") && headers.Headers.GetValues("Server").Any(v => v.Contains('/', StringComparison.Ordinal)), Is.False, "no version in Server");

            var logins = (await admin.GetAsync("/api/v1/audit?group=Logins&limit=100").ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray()
                .Where(e => e!["action"]!.GetValue<string>() == "LoginSucceeded" && e["after"]!["method"]!.GetValue<string>() == "WeChat").Select(e => e!["address"]?.GetValue<string>()).ToList();
            Assert.That(logins, Does.Contain("127.0.0.1"), "the address nginx saw");
            Assert.That(logins, Does.Not.Contain("203.0.113.99"), "not the one the client wrote");
        }
        finally
        {
            nginx.Kill(entireProcessTree: true);
            await nginx.WaitForExitAsync();
            TestContext.Out.WriteLine(File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "");
        }
    }

    [Test]
    public async Task AForwardedAddressIsBelievedOnlyFromATrustedProxy()
    {
        await using var api = new ZhujiApiFactory();
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add(ZhujiApiFactory.ClientHeader, "198.51.100.5");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        await client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = "fake:not-behind-a-proxy" }).ReadAsync<LoginResponse>(HttpStatusCode.OK);
        var entries = (await (await api.CityAdminAsync()).GetAsync("/api/v1/audit?group=Logins&limit=100").ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var addresses = entries.Select(e => e!["address"]?.GetValue<string>()).ToList();
        Assert.That(addresses, Does.Contain("198.51.100.5").And.Not.Contain("203.0.113.7"));
    }

    private static Process Run(string[] arguments)
    {
        var start = new ProcessStartInfo(Nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static async Task WaitUntilUpAsync(HttpClient client)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                (await client.GetAsync("/health")).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (i < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static X509Certificate2 WriteCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=xfwj.example.gov.cn", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
