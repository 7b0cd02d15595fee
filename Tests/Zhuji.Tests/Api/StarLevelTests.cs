using System.Net;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Members;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>星级志愿者: the hours of service over all years make the star on /me and in the archive; a revoked service's hours go.</summary>
public class StarLevelTests : ApiTest
{
    protected override Task<ZhujiApiFactory> CreateFactoryAsync() =>
        Task.FromResult(new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:Volunteers:StarHours"] = "3,6,10" }));

    [Test]
    public async Task HoursOverTheYearsMakeTheStarAndARevokedServiceTakesItsHoursAway()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await Factory.CityAdminAsync();
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("star-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var before = await member.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        Assert.That((before.LifetimeHours, before.Star, before.StarName, before.NextStarHours), Is.EqualTo(((decimal?)0m, (int?)0, "志愿者", (decimal?)3m)));

        async Task<string> Enter(DateTimeOffset servedAt, decimal hours) =>
            (await admin.PostJsonAsync($"/api/v1/members/{memberId}/service-records",
                new { category = "CommunityActivity", title = "社区值守", servedAt, hours, content = "值守", flags = 1 }).ReadJsonAsync(HttpStatusCode.Created)).Id("flagEntryId");

        await Enter(DateTimeOffset.UtcNow.AddDays(-2), 4);
        var lastYear = new DateTimeOffset(DateTimeOffset.UtcNow.Year - 1, 6, 1, 2, 0, 0, TimeSpan.Zero);
        await Enter(lastYear, 2.5m);
        var revoked = await Enter(DateTimeOffset.UtcNow.AddDays(-1), 5);

        var two = await member.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        await admin.PostJsonAsync($"/api/v1/flags/{revoked}/revoke", new { reason = "重复录入" }).ExpectAsync(HttpStatusCode.OK);
        var one = await member.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        var archive = await admin.GetAsync($"/api/v1/members/{memberId}/archive").ReadAsync<ArchiveDto>(HttpStatusCode.OK);
        var admins = await admin.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        var board = await member.GetAsync("/api/v1/leaderboards").ReadAsync<Zhuji.Api.Features.Points.LeaderboardDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That((two.LifetimeHours, two.Star, two.StarName, two.NextStarHours), Is.EqualTo(((decimal?)11.5m, (int?)3, "三星级志愿者", (decimal?)null)), "both years count");
            Assert.That((one.LifetimeHours, one.Star, one.StarName, one.NextStarHours), Is.EqualTo(((decimal?)6.5m, (int?)2, "二星级志愿者", (decimal?)10m)));
            Assert.That(archive.Star, Is.EqualTo(new StarDto(6.5m, 2, "二星级志愿者", 10m)));
            Assert.That((admins.LifetimeHours, admins.Star), Is.EqualTo(((decimal?)null, (int?)null)), "not a member: no star");
            Assert.That(board.Items.Single(r => r.MemberId == memberId).StarName, Is.EqualTo("二星级志愿者"), "the leaderboard shows the star");
        });
    }

    [Test]
    public void ThresholdsThatDoNotIncreaseRefuseToStart()
    {
        using var factory = new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:Volunteers:StarHours"] = "100,50" });
        var failure = Assert.Catch(() => _ = factory.Server)!;
        Assert.That(failure.ToString(), Does.Contain("Zhuji:Volunteers:StarHours"));
    }
}
