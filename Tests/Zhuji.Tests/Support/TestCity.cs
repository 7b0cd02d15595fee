using System.Net;
using System.Net.Http.Json;

namespace Zhuji.Tests.Support;

/// <summary>
/// A small city made through the API by the city admin: two streets, communities A (two blocks) and B
/// (one block) in different streets, and two work units.
/// </summary>
public sealed record TestCity(
    string StreetA,
    string StreetB,
    string CommunityA,
    string CommunityB,
    string BlockA1,
    string BlockA2,
    string BlockB1,
    string WorkUnit,
    string OtherWorkUnit)
{
    private static int serial;

    public static async Task<TestCity> CreateAsync(ZhujiApiFactory factory)
    {
        var n = Interlocked.Increment(ref serial);
        var city = await factory.CityAdminAsync();
        var streetA = await CreateAsync(city, "/api/v1/streets", new { name = $"测试街道A{n}" });
        var streetB = await CreateAsync(city, "/api/v1/streets", new { name = $"测试街道B{n}" });
        var communityA = await CreateAsync(city, "/api/v1/communities", new { name = $"测试社区A{n}", streetId = streetA });
        var communityB = await CreateAsync(city, "/api/v1/communities", new { name = $"测试社区B{n}", streetId = streetB });
        var blockA1 = await CreateAsync(city, $"/api/v1/communities/{communityA}/blocks", new { name = "一号小区" });
        var blockA2 = await CreateAsync(city, $"/api/v1/communities/{communityA}/blocks", new { name = "二号小区" });
        var blockB1 = await CreateAsync(city, $"/api/v1/communities/{communityB}/blocks", new { name = "三号小区" });
        var unit = await CreateAsync(city, "/api/v1/work-units", new { name = $"测试单位{n}", kind = "CityOrgan" });
        var otherUnit = await CreateAsync(city, "/api/v1/work-units", new { name = $"另一单位{n}", kind = "StateOwnedEnterprise" });
        return new TestCity(streetA, streetB, communityA, communityB, blockA1, blockA2, blockB1, unit, otherUnit);
    }

    /// <summary>Grants a role as the city admin, then logs the person in (roles take effect at login).</summary>
    public static async Task<HttpClient> AdminAsync(ZhujiApiFactory factory, string openId, string role, string? scopeId)
    {
        var city = await factory.CityAdminAsync();
        var response = await city.PostJsonAsync("/api/v1/role-assignments", new { openId, role, scopeId });
        await response.ReadJsonAsync(HttpStatusCode.Created);
        return await factory.LoginAsync(openId);
    }

    private static async Task<string> CreateAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body, HttpHelpers.Json);
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).Id();
    }
}
