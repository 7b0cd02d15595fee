using System.Net;

namespace Zhuji.Tests.Support;

/// <summary>What the mini-program does before it sends a position: shows the notice, and records the separate location consent.</summary>
public static class Consents
{
    public static async Task<string> NoticeVersionAsync(this HttpClient client) =>
        (await client.GetAsync("/api/v1/privacy").ReadJsonAsync(HttpStatusCode.OK))["version"]!.GetValue<string>();

    public static async Task ConsentToLocationAsync(this HttpClient member)
    {
        var version = await member.NoticeVersionAsync();
        await member.PostJsonAsync("/api/v1/me/consents", new { kind = "Privacy", version }).ExpectAsync(HttpStatusCode.Created);
        await member.PostJsonAsync("/api/v1/me/consents", new { kind = "Location", version }).ExpectAsync(HttpStatusCode.Created);
    }
}
