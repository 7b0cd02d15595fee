using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Zhuji.Tests.Support;

/// <summary>What a problem+json answer said.</summary>
public sealed record Problem(int Status, string Code, string Title, IReadOnlyDictionary<string, string[]> Errors);

public static class HttpHelpers
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new UtcDateTimes() },
    };

    /// <summary>
    /// The API writes Beijing times with their offset (<c>+08:00</c>); a DTO's <see cref="DateTime"/> is read as the UTC
    /// instant, so that tests compare instants whatever zone the machine running them is in.
    /// </summary>
    private sealed class UtcDateTimes : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset().UtcDateTime;

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Logs in as the openid through WeChat (Fake or the fake server) and returns a client carrying the token.</summary>
    public static async Task<HttpClient> LoginAsync(this ZhujiApiFactory factory, string openId)
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = factory.LoginCode(openId) });
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["token"]!.GetValue<string>());
        return client;
    }

    public static Task<HttpClient> CityAdminAsync(this ZhujiApiFactory factory) => factory.LoginAsync(ZhujiApiFactory.CityAdminOpenId);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, Json);

    /// <summary>Asserts the status and reads the JSON body.</summary>
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Asserts a problem+json answer with the status and code, and a zh-CN title without a stack trace.</summary>
    public static async Task<Problem> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected), text);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        });
        var node = JsonNode.Parse(text)!.AsObject();
        var problem = new Problem(
            node["status"]!.GetValue<int>(),
            node["code"]!.GetValue<string>(),
            node["title"]!.GetValue<string>(),
            node["errors"]?.AsObject().ToDictionary(e => e.Key, e => e.Value!.AsArray().Select(m => m!.GetValue<string>()).ToArray())
                ?? new Dictionary<string, string[]>());
        Assert.Multiple(() =>
        {
            Assert.That(problem.Status, Is.EqualTo((int)expected));
            Assert.That(problem.Code, Is.EqualTo(code), text);
            Assert.That(problem.Title.Any(c => c >= 0x4E00 && c <= 0x9FFF), Is.True, $"title should be Chinese: {problem.Title}");
            Assert.That(text, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace or exception text");
        });
        return problem;
    }

    public static async Task<JsonNode> ReadJsonAsync(this Task<HttpResponseMessage> response, HttpStatusCode expected) =>
        await (await response).ReadJsonAsync(expected);

    public static async Task<Problem> ReadProblemAsync(this Task<HttpResponseMessage> response, HttpStatusCode expected, string code) =>
        await (await response).ReadProblemAsync(expected, code);

    /// <summary>Asserts the status and reads the body into the API's own DTO.</summary>
    public static async Task<T> ReadAsync<T>(this Task<HttpResponseMessage> response, HttpStatusCode expected) =>
        await (await response).ReadAsync<T>(expected);

    /// <summary>Asserts the status and reads the body into the API's own DTO (an answer already in hand, its headers read too).</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage answer, HttpStatusCode expected)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.StatusCode, Is.EqualTo(expected), $"{answer.RequestMessage?.Method} {answer.RequestMessage?.RequestUri} answered: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    public static string Id(this JsonNode node, string property = "id") => node[property]!.GetValue<string>();

    /// <summary>Asserts the status of an answer without a body (204).</summary>
    public static async Task ExpectAsync(this Task<HttpResponseMessage> response, HttpStatusCode expected)
    {
        var answer = await response;
        Assert.That(answer.StatusCode, Is.EqualTo(expected), await answer.Content.ReadAsStringAsync());
    }
}
