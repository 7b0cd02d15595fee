using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Security;

/// <summary>
/// Random JSON thrown at every write endpoint, as the city admin (who may do the most): never a 5xx, and a
/// refused request leaves every table as it was.
/// </summary>
public class FuzzTests : ApiTest
{
    private const int BodiesPerEndpoint = 12;
    private static readonly string[] Keys =
    [
        "name", "title", "description", "content", "reason", "reply", "code", "username", "password", "displayName", "phone",
        "communityId", "blockId", "streetId", "workUnitId", "scopeId", "shiftId", "helpGroupId", "memberIds", "memberId", "userId", "openId",
        "tier", "category", "kind", "role", "roles", "memberType", "channel", "status", "adopt", "rating", "comment",
        "slots", "flags", "hours", "startsAt", "endsAt", "servedAt", "shifts", "skills", "photoUrls", "building", "unit", "room",
        "target", "location", "contactName", "contactPhone", "stewardsPerTarget", "newPassword", "currentPassword",
        "merchantId", "communityIds", "points", "stock", "perMemberLimit", "faceValue", "availableFrom", "availableUntil", "quantity", "imageUrl",
    ];

    [Test]
    public async Task RandomBodiesNeverCauseA5xxAndRefusedOnesWriteNothing()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await Factory.CityAdminAsync();
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !(e.RoutePattern.RawText ?? "").StartsWith("/jobs", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is "POST" or "PUT").Select(m => (Method: m, Pattern: e.RoutePattern)))
            .ToList();
        Assert.That(endpoints, Has.Count.GreaterThan(30));

        var random = new Random(20261123);
        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, pattern) in endpoints)
        {
            for (var i = 0; i < BodiesPerEndpoint; i++)
            {
                var url = Url(pattern, random, city);
                var body = i == 0 ? "{\"a\":" : i == 1 ? "[]" : i == 2 ? "\"text\"" : RandomValue(random, depth: 0, forceObject: true)!.ToJsonString();
                var before = await CountsAsync();
                var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                });
                sent++;
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    failures.Add($"{method} {url} {body} → {status} {await response.Content.ReadAsStringAsync()}");
                }
                else if (status >= 400)
                {
                    var after = await CountsAsync();
                    if (after != before)
                    {
                        failures.Add($"{method} {url} {body} → {status} but rows changed: {before} → {after}");
                    }

                    if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"{method} {url} → {status} without problem+json");
                    }
                }
            }
        }

        TestContext.Out.WriteLine($"{sent} random requests to {endpoints.Count} write endpoints");
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(10)));
    }

    /// <summary>One number per table, in one query: a refused request must not change any.</summary>
    private async Task<string> CountsAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().OrderBy(t => t).ToList();
        var sql = "SELECT " + string.Join(" || ',' || ", tables.Select(t => $"(SELECT COUNT(*) FROM \"{t}\")")) + " AS \"Value\"";
        return (await db.Database.SqlQueryRaw<string>(sql).ToListAsync()).Single();
    }

    private static string Url(RoutePattern pattern, Random random, TestCity city)
    {
        var path = pattern.RawText!;
        foreach (var parameter in pattern.Parameters)
        {
            var value = parameter.Name == "year"
                ? random.Next(1990, 2040).ToString()
                : random.Next(4) switch { 0 => "1", 1 => city.CommunityA, 2 => "999999", _ => random.Next(1, 40).ToString() };
            path = System.Text.RegularExpressions.Regex.Replace(path, $"{{{parameter.Name}(:[^}}]*)?}}", value);
        }

        return path;
    }

    private static JsonNode? RandomValue(Random random, int depth, bool forceObject = false)
    {
        if (depth > 3)
        {
            return Scalar(random);
        }

        var choice = forceObject ? 0 : random.Next(5);
        switch (choice)
        {
            case 0:
                var obj = new JsonObject();
                for (var i = random.Next(1, 8); i > 0; i--)
                {
                    obj[Keys[random.Next(Keys.Length)]] = RandomValue(random, depth + 1);
                }

                return obj;
            case 1:
                return Scalar(random);
            case 2:
                return random.Next(4) == 0 ? null : Scalar(random);
            case 3:
                var array = new JsonArray();
                for (var i = random.Next(0, 4); i > 0; i--)
                {
                    array.Add(RandomValue(random, depth + 1));
                }

                return array;
            default:
                return RandomValue(random, depth + 1, forceObject: true);
        }
    }

    private static JsonNode? Scalar(Random random) => random.Next(14) switch
    {
        0 => JsonValue.Create(random.Next(-5, 2000)),
        1 => JsonValue.Create(long.MaxValue),
        2 => JsonValue.Create(-1.5e300),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => JsonValue.Create(""),
        5 => JsonValue.Create(new string('长', random.Next(20, 3000))),
        6 => JsonValue.Create("'; DROP TABLE \"Members\"; --"),
        7 => JsonValue.Create(DateTimeOffset.UtcNow.AddDays(random.Next(-400, 400)).ToString("O")),
        8 => JsonValue.Create("2026-13-45T99:99:99"),
        9 => JsonValue.Create(random.Next(1, 50).ToString()),
        10 => JsonValue.Create(new[] { "City", "Community", "Block", "InService", "Resident", "CommunityActivity", "MicroWish", "Phone", "Stairwell", "CityAdmin", "BlockAdmin" }[random.Next(11)]),
        11 => JsonValue.Create("13800138000"),
        12 => JsonValue.Create("\u0000\uFFFF\uD800"),
        _ => null,
    };
}
