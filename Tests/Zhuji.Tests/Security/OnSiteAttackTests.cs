using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.CheckIn;
using Zhuji.Api.Features.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Uploads;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Security;

/// <summary>
/// The red team's cases on the photo and check-in surfaces, each of which got through before: bomb-like PNGs in
/// parallel from several members, a current code without the phone's position on a fenced task, guessing the six
/// digits (one member, or many together on one task), and refusals that said the wrong thing.
/// </summary>
public class OnSiteAttackTests() : CityApiTest(TestClock.Shanghai(2026, 3, 10, 9))
{
    private static readonly DateTimeOffset Start = TestClock.Shanghai(2026, 3, 10, 10);

    [Test]
    public async Task BombLikePngsInParallelFromEightMembersAreRefusedUnreadAndNothingAnswers500()
    {
        var members = await Factory.ApprovedMembersAsync(8, Unique("uploader-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var bomb = Photos.ZeroPng(7000, 7000);
        var decodedBefore = Factory.Services.GetRequiredService<DecodeGate>().Decodes;
        Assert.That(bomb.Length, Is.LessThan(100_000), "tiny on the wire");
        var answers = await Task.WhenAll(members.SelectMany(m => Enumerable.Range(0, 30).Select(_ => Task.Run(() => m.Client.UploadAsync(bomb, "bomb.png", "image/png")))));
        var codes = answers.Select(a => (int)a.StatusCode).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(codes, Is.EqualTo(new Dictionary<int, int> { [413] = 240 }), "each refused by its header before it waits for a decode");
        Assert.That(Factory.Services.GetRequiredService<DecodeGate>().Decodes, Is.EqualTo(decodedBefore), "none was decoded");
        var problem = await answers[0].ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.That(problem.Title, Does.Contain("像素"));
    }

    [Test]
    public async Task LargeButAllowedPngsInParallelAreDecodedAFewAtATimeAndTheRestWaitOrAreToldToRetry()
    {
        var members = await Factory.ApprovedMembersAsync(8, Unique("uploader-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var large = Photos.ZeroPng(3900, 3900);
        var answers = await Task.WhenAll(members.SelectMany(m => Enumerable.Range(0, 4).Select(_ => Task.Run(() => m.Client.UploadAsync(large, "scan.png", "image/png")))));
        var gate = Factory.Services.GetRequiredService<DecodeGate>();
        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => (int)a.StatusCode), Is.All.AnyOf(201, 503), "decoded, or told to retry: never a 500");
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Created), Is.GreaterThan(0));
            Assert.That(gate.MostAtOnce, Is.InRange(1, new UploadOptions().ConcurrentDecodes), "never more decodes at once than the gate allows");
        });
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
            await refused.ReadProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        }
    }

    [Test]
    public async Task ACurrentCodeWithoutThePhonesPositionDoesNotCheckInOnAFencedTask()
    {
        var body = TaskHelpers.Body("Community", City.CommunityA, Start);
        body["geofence"] = new { latitude = 29.7136, longitude = 120.2420, radiusMeters = 300 };
        body["checkInRequired"] = true;
        var task = (await CommunityAdmin.PublishAsync(body)).Id;
        var (member, claim) = await ClaimAsync(task);
        Clock.Set(Start);
        var problem = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task) }).ReadProblemAsync(HttpStatusCode.BadRequest, "location_required");
        Assert.That(problem.Title, Does.Contain("位置"));
        await member.ConsentToLocationAsync();
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task), latitude = 29.7136, longitude = 120.2420 }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
    }

    [Test]
    public async Task TenWrongCodesLockAClaimForFifteenMinutesAudited()
    {
        var task = (await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, Start))).Id;
        var (member, claim) = await ClaimAsync(task);
        Clock.Set(Start);
        var right = await CodeAsync(task);
        var wrong = right == "000000" ? "000001" : "000000";
        for (var i = 1; i <= 10; i++)
        {
            var refused = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = wrong }).ReadProblemAsync(HttpStatusCode.BadRequest, "checkin_code_invalid");
            Assert.That(refused.Title, i < 10 ? Does.Contain($"还可尝试 {10 - i} 次") : Does.Contain("暂停"));
        }

        // Locked: even the right code is not looked at.
        var locked = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = right }).ReadProblemAsync(HttpStatusCode.Conflict, "checkin_locked");
        Assert.That(locked.Title, Does.Contain("15 分钟"));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var audited = await scope.ServiceProvider.GetRequiredService<ZhujiDbContext>().AuditEntries.CountAsync(a => a.Action == "CheckInLocked" && a.EntityId == claim);
            Assert.That(audited, Is.EqualTo(1));
        }

        Clock.Advance(TimeSpan.FromMinutes(14));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task) }).ReadProblemAsync(HttpStatusCode.Conflict, "checkin_locked");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task) }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
    }

    [Test]
    public async Task ManyMembersGuessingOneTasksCodeTogetherLockTheTask()
    {
        var task = (await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, Start, slots: 20))).Id;
        var guessers = new List<(HttpClient Member, string Claim)>();
        for (var i = 0; i < 6; i++)
        {
            guessers.Add(await ClaimAsync(task));
        }

        var (honest, honestClaim) = await ClaimAsync(task);
        Clock.Set(Start);
        var right = await CodeAsync(task);
        var guesses = guessers.SelectMany(g => Enumerable.Range(0, 9).Select(k => (g.Member, g.Claim, Code: ((int.Parse(right, System.Globalization.CultureInfo.InvariantCulture) + 1 + k + 9 * guessers.IndexOf(g)) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        var answers = await Task.WhenAll(guesses.Select(g => Task.Run(() => g.Member.PostJsonAsync($"/api/v1/claims/{g.Claim}/check-in", new { code = g.Code }))));
        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest), Is.GreaterThanOrEqualTo(50), "the task's first 50 wrong codes are checked, and wrong");
        var whole = await honest.PostJsonAsync($"/api/v1/claims/{honestClaim}/check-in", new { code = right }).ReadProblemAsync(HttpStatusCode.Conflict, "checkin_locked");
        Assert.That(whole.Title, Does.Contain("该任务"));
    }

    [Test]
    public async Task EveryCheckInRefusalSaysWhatHappened()
    {
        var task = (await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, Start))).Id;
        var (member, claim) = await ClaimAsync(task);
        Clock.Set(Start.AddHours(-2));
        var early = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task) }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(early.Title, Does.Contain("开始前 30 分钟"));

        Clock.Set(Start);
        var notIn = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code = await CodeAsync(task) }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(notIn.Title, Does.Contain("尚未签到"));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task) }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
        var twice = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task) }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(twice.Title, Does.Contain("已签到"));
        Clock.Advance(TimeSpan.FromMinutes(30));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code = await CodeAsync(task) }).ReadAsync<CheckedOutDto>(HttpStatusCode.OK);
        var outTwice = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code = await CodeAsync(task) }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(outTwice.Title, Does.Contain("已签退"));
    }

    private async Task<string> CodeAsync(string task) =>
        (await CommunityAdmin.GetAsync($"/api/v1/tasks/{task}/checkin-code").ReadJsonAsync(HttpStatusCode.OK))["code"]!.GetValue<string>();

    private async Task<(HttpClient Member, string Claim)> ClaimAsync(string task)
    {
        var at = Clock.GetUtcNow();
        Clock.Set(Start.AddDays(-1));
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("attack-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var claim = (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        Clock.Set(at);
        return (member, claim);
    }
}
