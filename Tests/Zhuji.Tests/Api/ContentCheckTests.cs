using System.Net;
using Zhuji.Api.Features.Wishes;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>Resident-visible text goes through WeChat's msgSecCheck in Live mode.</summary>
public class ContentCheckTests : LiveWeChatApiTest
{
    private TestCity city = null!;

    [OneTimeSetUp]
    public async Task CreateCityAsync() => city = await TestCity.CreateAsync(Factory);

    [Test]
    public async Task ARiskyTextIsRefusedAndNothingIsStored()
    {
        var resident = await Factory.LoginAsync(Unique("o6_risky"));
        var problem = await resident.PostJsonAsync("/api/v1/wishes", Wish("想组织大家一起赌博")).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var mine = await resident.GetAsync("/api/v1/wishes/mine").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(problem.Errors.Keys, Does.Contain("description"));
            Assert.That(mine["items"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task AnUnavailableCheckDoesNotBlockThePostButMarksItForReview()
    {
        var resident = await Factory.LoginAsync(Unique("o6_down"));
        var unchecked_ = await resident.PostJsonAsync("/api/v1/wishes", Wish("帮忙修水管（检测故障）")).ReadAsync<WishDto>(HttpStatusCode.Created);
        var review = await resident.PostJsonAsync("/api/v1/wishes", Wish("请社区待审")).ReadAsync<WishDto>(HttpStatusCode.Created);
        var clean = await resident.PostJsonAsync("/api/v1/wishes", Wish("帮忙修水管")).ReadAsync<WishDto>(HttpStatusCode.Created);
        Assert.Multiple(() =>
        {
            Assert.That(unchecked_.NeedsReview, Is.True);
            Assert.That(review.NeedsReview, Is.True);
            Assert.That(clean.NeedsReview, Is.False);
        });
    }

    [Test]
    public async Task SuggestionsAreCheckedToo()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("o6_sug"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await member.PostJsonAsync("/api/v1/suggestions", new { communityId = city.CommunityA, title = "建议", content = "开设赌博场所" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    private object Wish(string description) => new
    {
        communityId = city.CommunityA,
        title = "微心愿",
        description,
        contactName = "李阿姨",
        contactPhone = "0575-87001234",
        channel = "MiniProgram",
    };
}
