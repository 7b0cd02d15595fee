using System.Net;
using Zhuji.Api.Features.Tasks;

namespace Zhuji.Tests.Support;

/// <summary>Publishing tasks as the back office does.</summary>
public static class TaskHelpers
{
    public static Dictionary<string, object?> Body(string tier, string? scopeId, DateTimeOffset startsAt, int slots = 10, int flags = 1, string category = "CommunityActivity", double hours = 3) => new()
    {
        ["tier"] = tier,
        ["scopeId"] = scopeId,
        ["category"] = category,
        ["title"] = "反诈宣传",
        ["description"] = "在小区门口发放反诈宣传资料",
        ["location"] = "小区南门",
        ["startsAt"] = startsAt,
        ["endsAt"] = startsAt.AddHours(hours),
        ["slots"] = slots,
        ["flags"] = flags,
        ["knowledgeType"] = "Basic",
        ["skills"] = Array.Empty<string>(),
        ["allowGroupClaims"] = false,
    };

    public static Task<TaskDto> PublishAsync(this HttpClient admin, Dictionary<string, object?> body) =>
        admin.PostJsonAsync("/api/v1/tasks", body).ReadAsync<TaskDto>(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> ClaimAsync(this HttpClient member, string taskId, object? body = null) =>
        member.PostJsonAsync($"/api/v1/tasks/{taskId}/claims", body ?? new { });

    /// <summary>Every client grabs the task at the same moment: each waits on one gate, opened when all are ready.</summary>
    public static async Task<HttpResponseMessage[]> GrabAtOnceAsync(IEnumerable<HttpClient> clients, string taskId)
    {
        using var gate = new ManualResetEventSlim();
        var calls = clients.Select(c => Task.Run(async () =>
        {
            gate.Wait();
            return await c.ClaimAsync(taskId);
        })).ToList();
        gate.Set();
        return await Task.WhenAll(calls);
    }
}
