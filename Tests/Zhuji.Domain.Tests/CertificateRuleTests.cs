using Zhuji.Domain.Certificates;

namespace Zhuji.Domain.Tests;

/// <summary>谁记录谁证明: the certificate's issuer is the community that recorded most of its services, its handler the admin there who recorded most.</summary>
public class CertificateRuleTests
{
    [Test]
    public void TheCommunityThatRecordedMostIssuesAndItsBusiestAdminHandles()
    {
        var services = new List<(long, long)> { (1, 10), (2, 20), (2, 21), (2, 21), (1, 11) };
        Assert.That(Certificate.RecordedMostBy(services), Is.EqualTo(((long?)2, (long?)21)));
    }

    [Test]
    public void AHandlerIsChosenOnlyAmongTheIssuingCommunitysAdmins()
    {
        // Admin 10 recorded the most overall, but in community 1, which recorded fewer.
        var services = new List<(long, long)> { (1, 10), (1, 10), (2, 20), (2, 21), (2, 22) };
        Assert.That(Certificate.RecordedMostBy(services), Is.EqualTo(((long?)2, (long?)20)));
    }

    [Test]
    public void ATieGoesToTheEarliestListedAndNothingListedNamesNoOne()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Certificate.RecordedMostBy([(3, 30), (4, 40)]), Is.EqualTo(((long?)3, (long?)30)));
            Assert.That(Certificate.RecordedMostBy([]), Is.EqualTo(((long?)null, (long?)null)));
        });
    }
}
