using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>Retries never double anything: every creating POST honours Idempotency-Key.</summary>
public class RetryTests() : CityApiTest(TestClock.Shanghai(2026, 5, 10, 9))
{
    [Test]
    public async Task AServiceRecordSentTwiceWithOneKeyAwardsOnce()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("twice-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var body = new { category = "CommunityActivity", title = "社区值班", servedAt = TestClock.Shanghai(2026, 5, 9, 9), hours = 2, content = "值班", flags = 5 };
        var key = Guid.NewGuid().ToString();
        var first = await Send(CommunityAdmin, $"/api/v1/members/{memberId}/service-records", body, key).ReadJsonAsync(HttpStatusCode.Created);
        var retry = await Send(CommunityAdmin, $"/api/v1/members/{memberId}/service-records", body, key).ReadJsonAsync(HttpStatusCode.Created);
        var flags = await member.GetAsync("/api/v1/me/flags?year=2026").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(retry["flagEntryId"]!.GetValue<string>(), Is.EqualTo(first["flagEntryId"]!.GetValue<string>()));
            Assert.That(flags.Total, Is.EqualTo(5));
        });

        var changed = new { body.category, body.title, body.servedAt, body.hours, body.content, flags = 4 };
        await Send(CommunityAdmin, $"/api/v1/members/{memberId}/service-records", changed, key).ReadProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Test]
    public async Task EveryCreatingPostGivesItsFirstAnswerToARetry()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("every-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var resident = await Factory.LoginAsync(Unique("resident-"));
        var start = TestClock.Shanghai(2026, 5, 12, 9);
        var cases = new (HttpClient Client, string Url, object Body, string Table)[]
        {
            (CommunityAdmin, "/api/v1/tasks", TaskHelpers.Body("Community", City.CommunityA, start), "Tasks"),
            (resident, "/api/v1/wishes", new { communityId = City.CommunityA, title = "辅导功课", description = "孩子数学", contactName = "李", contactPhone = "13600001111", channel = "MiniProgram" }, "Wishes"),
            (member, "/api/v1/suggestions", new { communityId = City.CommunityA, title = "加装电梯", content = "建议" }, "Suggestions"),
            (CommunityAdmin, "/api/v1/help-groups", new { communityId = City.CommunityA, name = Unique("帮帮团") }, "HelpGroups"),
            (await Factory.CityAdminAsync(), "/api/v1/streets", new { name = Unique("重试街道") }, "Streets"),
        };
        foreach (var (client, url, body, table) in cases)
        {
            var before = await CountAsync(table);
            var key = Guid.NewGuid().ToString();
            var first = await Send(client, url, body, key).ReadJsonAsync(HttpStatusCode.Created);
            var retry = await Send(client, url, body, key);
            Assert.Multiple(async () =>
            {
                Assert.That((await retry.ReadJsonAsync(HttpStatusCode.Created)).Id(), Is.EqualTo(first.Id()), url);
                Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.True, url);
                Assert.That(await CountAsync(table), Is.EqualTo(before + 1), url);
            });
        }

        _ = memberId;
    }

    [Test]
    public async Task EightRetriesAtOnceMakeOneTaskAndAllGetItsAnswer()
    {
        var key = Guid.NewGuid().ToString();
        var body = TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 5, 12, 9));
        body["title"] = Unique("并发重试");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Send(CommunityAdmin, "/api/v1/tasks", body, key))));
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            ids.Add((await response.ReadJsonAsync(HttpStatusCode.Created)).Id());
        }

        await using var scope = Factory.Services.CreateAsyncScope();
        var title = (string)body["title"]!;
        Assert.Multiple(async () =>
        {
            Assert.That(ids, Has.Count.EqualTo(1));
            Assert.That(await scope.ServiceProvider.GetRequiredService<ZhujiDbContext>().Tasks.CountAsync(t => t.Title == title), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ARetriedConfirmationAwardsOnceAndAnswersTheSame()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("confirm-twice-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var task = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 5, 10, 14), flags: 2));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        Clock.Set(TestClock.Shanghai(2026, 5, 10, 18));
        var attendance = new { record = new { servedAt = TestClock.Shanghai(2026, 5, 10, 15), hours = 2, content = "现场签到", place = "南门" } };
        var key = Guid.NewGuid().ToString();
        await Send(CommunityAdmin, $"/api/v1/claims/{claim.Id}/confirm", attendance, key).ReadJsonAsync(HttpStatusCode.OK);
        var retry = await Send(CommunityAdmin, $"/api/v1/claims/{claim.Id}/confirm", attendance, key).ReadJsonAsync(HttpStatusCode.OK);
        var flags = await member.GetAsync("/api/v1/me/flags?year=2026").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(retry["status"]!.GetValue<string>(), Is.EqualTo("Confirmed"));
            Assert.That(flags.Total, Is.EqualTo(2));
        });
    }

    private async Task<int> CountAsync(string table)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, HttpHelpers.Json), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
