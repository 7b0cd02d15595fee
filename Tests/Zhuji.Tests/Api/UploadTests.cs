using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using Zhuji.Api.Features.Tasks;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>纪实照片: what is accepted, what is kept of it, who is shown it, and which URLs a record takes.</summary>
public class UploadTests : ApiTest
{
    private readonly TestClock clock = new(TestClock.Shanghai(2026, 4, 1, 9));
    private TestCity city = null!;
    private HttpClient adminA = null!;

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory(clock: clock));

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        adminA = await TestCity.AdminAsync(Factory, Unique("up-admin-"), "CommunityAdmin", city.CommunityA);
    }

    [Test]
    public async Task APhoneSPhotoIsKeptReEncodedWithoutItsGpsAndWithAThumbnail()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("up-gps-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var original = Photos.Jpeg(gps: true, width: 3000, height: 2000);
        Assert.That(Photos.Contains(original, "Exif"u8.ToArray()) && Photos.Contains(original, Photos.GpsMarker), Is.True, "the test photo carries GPS");

        var uploaded = await member.UploadJsonAsync(original);
        var url = uploaded["url"]!.GetValue<string>();
        Assert.That(url, Does.StartWith("http://localhost/api/v1/uploads/"));
        var stored = await member.GetAsync(url);
        Assert.That(stored.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var bytes = await stored.Content.ReadAsByteArrayAsync();
        var thumbnail = await (await member.GetAsync(uploaded["thumbnailUrl"]!.GetValue<string>())).Content.ReadAsByteArrayAsync();
        using var image = SKBitmap.Decode(bytes);
        using var thumb = SKBitmap.Decode(thumbnail);
        Assert.Multiple(() =>
        {
            Assert.That(stored.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/jpeg"));
            Assert.That(Photos.Contains(bytes, "Exif"u8.ToArray()), Is.False, "no EXIF segment");
            Assert.That(Photos.Contains(bytes, Photos.GpsMarker), Is.False, "no GPS latitude anywhere in the file");
            Assert.That((image.Width, image.Height), Is.EqualTo((2048, 1365)), "scaled to 2048 on the long side");
            Assert.That(Math.Max(thumb.Width, thumb.Height), Is.EqualTo(360));
        });
    }

    [Test]
    public async Task PngIsAcceptedAndARenamedExecutableACorruptJpegAndA6MbImageAreRefused()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("up-bad-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await member.UploadAsync(Photos.Png(), "screen.png", "image/png").ReadJsonAsync(HttpStatusCode.Created);

        byte[] executable = [.. "MZ\u0090\0\u0003\0\0\0"u8.ToArray(), .. new byte[4000]];
        var exe = await member.UploadAsync(executable, "photo.jpg").ReadProblemAsync(HttpStatusCode.BadRequest, "unsupported_media");
        Assert.That(exe.Title, Does.Contain("JPEG"));
        byte[] corrupt = [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[5000]];
        await member.UploadAsync(corrupt, "broken.jpg").ReadProblemAsync(HttpStatusCode.BadRequest, "unsupported_media");

        var big = new byte[6 * 1024 * 1024];
        Photos.Jpeg().CopyTo(big, 0);
        await member.UploadAsync(big, "big.jpg").ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        await member.PostAsync("/api/v1/uploads", new StringContent("{}")).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType, "validation_failed");
        var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nabc");
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        await member.PostAsync("/api/v1/uploads", broken).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var resident = await Factory.LoginAsync(Unique("up-resident-"));
        await resident.UploadAsync(Photos.Jpeg()).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task APhotoIsShownToItsUploaderThenToThoseWhoMaySeeTheRecordAndToNobodyElse()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("up-own-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var (stranger, _, _) = await Factory.ApprovedMemberAsync(Unique("up-other-"), city.CommunityB, city.BlockB1, city.WorkUnit);
        var adminB = await TestCity.AdminAsync(Factory, Unique("up-admin-b-"), "CommunityAdmin", city.CommunityB);
        var start = clock.GetUtcNow().AddHours(1);
        var task = (await adminA.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start))).Id;
        var claim = (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        var photo = await member.UploadPhotoAsync();

        await adminA.GetAsync(photo).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        clock.Advance(TimeSpan.FromHours(2));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/record", Record(start, photo)).ReadAsync<ClaimDto>(HttpStatusCode.OK);

        Assert.Multiple(async () =>
        {
            Assert.That((await member.GetAsync(photo)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await adminA.GetAsync(photo)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the community that confirms it");
            Assert.That((await stranger.GetAsync(photo)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another community's member");
            Assert.That((await adminB.GetAsync(photo)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another community's admin");
            Assert.That((await stranger.GetAsync(photo + "/thumbnail")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await member.GetAsync("/api/v1/uploads/..%2F..%2Fzhuji.db")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task ARecordTakesOnlyItsOwnMembersUploadsAndNothingFromElsewhere()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("up-rec-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var (other, _, _) = await Factory.ApprovedMemberAsync(Unique("up-rec2-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var start = clock.GetUtcNow().AddHours(1);
        var task = (await adminA.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start))).Id;
        var claim = (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        var otherClaim = (await other.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        var his = await other.UploadPhotoAsync();
        var mine = await member.UploadPhotoAsync();
        clock.Advance(TimeSpan.FromHours(2));

        var foreign = await member.PostJsonAsync($"/api/v1/claims/{claim}/record", Record(start, "https://img.example.cn/a.jpg"))
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(foreign.Errors.Keys, Does.Contain("photoUrls"));
        var lookalike = mine.Replace("http://localhost", "http://evil.example");
        await member.PostJsonAsync($"/api/v1/claims/{claim}/record", Record(start, lookalike)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync($"/api/v1/claims/{claim}/record", Record(start, his)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync($"/api/v1/claims/{claim}/record", Record(start, mine[..^1] + (mine[^1] == 'A' ? "B" : "A"))).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var tooMany = Enumerable.Repeat(mine, 10).ToArray();
        await member.PostJsonAsync($"/api/v1/claims/{claim}/record", Record(start, tooMany)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var recorded = await member.PostJsonAsync($"/api/v1/claims/{claim}/record", Record(start, mine)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(recorded["record"]!["photoUrls"]!.AsArray().Select(u => u!.GetValue<string>()), Is.EqualTo(new[] { mine }));
        await other.PostJsonAsync($"/api/v1/claims/{otherClaim}/record", Record(start, his)).ReadAsync<ClaimDto>(HttpStatusCode.OK);
    }

    [Test]
    public async Task APhotoNeverPutIntoARecordIsRemovedAfterAWeekAndAnAttachedOneStays()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("up-orphan-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var start = clock.GetUtcNow().AddHours(1);
        var task = (await adminA.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start))).Id;
        var claim = (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        var kept = await member.UploadPhotoAsync();
        var orphan = await member.UploadPhotoAsync();
        clock.Advance(TimeSpan.FromHours(2));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/record", Record(start, kept)).ReadAsync<ClaimDto>(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromDays(8));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Assert.That(await scope.ServiceProvider.GetRequiredService<PurgeOrphanUploadsJob>().RunAsync(CancellationToken.None), Is.GreaterThanOrEqualTo(1));
        }

        Assert.Multiple(async () =>
        {
            Assert.That((await member.GetAsync(orphan)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await member.GetAsync(kept)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await member.GetAsync(kept + "/thumbnail")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
        var token = new Uri(orphan).Segments[^1];
        Assert.That(Directory.EnumerateFiles(Path.Combine(Factory.Folder, "uploads"), $"{token}*", SearchOption.AllDirectories), Is.Empty, "its files are gone");
        clock.Set(TestClock.Shanghai(2026, 4, 1, 9));
    }

    private static object Record(DateTimeOffset servedAt, params string[] photos) =>
        new { servedAt, hours = 2, content = "清理楼道杂物", place = "3 幢", photoUrls = photos };
}
