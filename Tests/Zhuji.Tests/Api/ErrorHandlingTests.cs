using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

public class ErrorHandlingTests : ApiTest
{
    [Test]
    public async Task MalformedJsonIsABadRequestNamingTheBody()
    {
        var admin = await Factory.CityAdminAsync();
        var response = await admin.PostAsync("/api/v1/streets", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem.Errors.Keys, Does.Contain("body"));
    }

    [Test]
    public async Task AWrongTypeNamesTheField()
    {
        var admin = await Factory.CityAdminAsync();
        var response = await admin.PostAsync("/api/v1/streets", new StringContent("{\"name\": {\"nested\": 1}}", Encoding.UTF8, "application/json"));
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem.Errors.Keys, Does.Contain("name"));
    }

    [Test]
    public async Task ABodyOverOneMebibyteIsPayloadTooLargeWithOrWithoutALength()
    {
        var admin = await Factory.CityAdminAsync();
        var big = "{\"name\":\"" + new string('a', 1024 * 1024 + 10) + "\"}";
        var declared = await admin.PostAsync("/api/v1/streets", new StringContent(big, Encoding.UTF8, "application/json"));
        await declared.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/streets") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var streamed = await admin.SendAsync(request);
        await streamed.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Test]
    public async Task UnknownRoutesAndMethodsAreProblems()
    {
        var admin = await Factory.CityAdminAsync();
        await admin.GetAsync("/api/v1/no-such-thing").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        var wrongMethod = await admin.PatchAsync("/api/v1/streets", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.That(wrongMethod.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((int)wrongMethod.StatusCode, Is.EqualTo(405));
    }

    [Test]
    public async Task AWrongContentTypeIsAProblem()
    {
        var admin = await Factory.CityAdminAsync();
        var response = await admin.PostAsync("/api/v1/streets", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((int)response.StatusCode, Is.EqualTo(415));
    }
}
