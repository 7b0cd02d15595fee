using System.Net;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

public class FakeModeQrCodeTests : ApiTest
{
    [Test]
    public async Task FakeModeRendersAnOrdinaryPngQrCodeLocally()
    {
        var city = await TestCity.CreateAsync(Factory);
        var response = await (await Factory.CityAdminAsync()).GetAsync($"/api/v1/communities/{city.CommunityA}/qrcode");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
            Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
            Assert.That(bytes.Length, Is.GreaterThan(200));
        });
    }
}
