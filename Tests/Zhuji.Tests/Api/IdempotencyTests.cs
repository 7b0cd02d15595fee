using System.Net;
using System.Text;
using System.Text.Json;
using Zhuji.Api.Features.Registrations;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>A phone retrying a write with the same Idempotency-Key gets the first answer and changes nothing more.</summary>
public class IdempotencyTests : ApiTest
{
    private TestCity city = null!;

    [OneTimeSetUp]
    public async Task CreateCityAsync() => city = await TestCity.CreateAsync(Factory);

    [Test]
    public async Task ARetriedRegistrationReturnsTheFirstAnswerInsteadOfRegistrationExists()
    {
        var member = await Factory.LoginAsync(Unique("retry-reg-"));
        var body = Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit);
        var key = Guid.NewGuid().ToString();

        var first = await Send(member, HttpMethod.Post, "/api/v1/registrations", body, key);
        var retry = await Send(member, HttpMethod.Post, "/api/v1/registrations", body, key);
        var firstBody = await first.ReadJsonAsync(HttpStatusCode.Created);
        var retryBody = await retry.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Multiple(() =>
        {
            Assert.That(retryBody.Id(), Is.EqualTo(firstBody.Id()));
            Assert.That(retry.Headers.Location, Is.EqualTo(first.Headers.Location));
            Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.True);
        });

        // Without the key, the second submission is what it is: a second registration.
        await member.PostJsonAsync("/api/v1/registrations", body).ReadProblemAsync(HttpStatusCode.Conflict, "registration_exists");
    }

    [Test]
    public async Task TheSameKeyWithADifferentRequestIsRefusedAsReused()
    {
        var member = await Factory.LoginAsync(Unique("retry-diff-"));
        var key = Guid.NewGuid().ToString();
        await Send(member, HttpMethod.Post, "/api/v1/registrations", Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit), key)
            .ReadJsonAsync(HttpStatusCode.Created);
        await Send(member, HttpMethod.Put, "/api/v1/registrations/mine", Registrations.Body(city.CommunityB, city.BlockB1, city.WorkUnit), key)
            .ReadProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        var mine = await member.GetAsync("/api/v1/registrations/mine").ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        Assert.That(mine.CommunityId, Is.EqualTo(city.CommunityA));
    }

    [Test]
    public async Task AFailedAnswerIsNotRememberedSoTheRetryRunsAgain()
    {
        var member = await Factory.LoginAsync(Unique("retry-fail-"));
        var key = Guid.NewGuid().ToString();
        var bad = Registrations.Body(city.CommunityA, city.BlockB1, city.WorkUnit);
        await Send(member, HttpMethod.Post, "/api/v1/registrations", bad, key).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var good = Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit);
        await Send(member, HttpMethod.Post, "/api/v1/registrations", good, key).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Test]
    public async Task ConcurrentRetriesChangeThingsOnce()
    {
        var member = await Factory.LoginAsync(Unique("retry-burst-"));
        var key = Guid.NewGuid().ToString();
        var body = Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Send(member, HttpMethod.Post, "/api/v1/registrations", body, key))));
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        foreach (var busy in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await busy.ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        }

        var ids = new HashSet<string>();
        foreach (var response in created)
        {
            ids.Add((await response.ReadJsonAsync(HttpStatusCode.Created)).Id());
        }

        Assert.That(ids, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AnOverlongKeyIsRefused()
    {
        var member = await Factory.LoginAsync(Unique("retry-long-"));
        var problem = await Send(member, HttpMethod.Post, "/api/v1/registrations", Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit), new string('k', 101))
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem.Errors.Keys, Does.Contain("Idempotency-Key"));
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object body, string key)
    {
        var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, HttpHelpers.Json), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
