using Zhuji.Domain.Flags;
using Zhuji.Infrastructure.Data.Tallies;

namespace Zhuji.Tests.Infrastructure;

/// <summary>
/// What the tallies count is pinned to the definitions' version: changing a definition without a new version would
/// leave every existing database counting from rows the old definitions built.
/// </summary>
public class TallyCatalogTests
{
    /// <summary>Each version of the definitions and its signature. Add a line when you bump <see cref="TallyCatalog.Version"/>.</summary>
    private static readonly Dictionary<int, string> Signatures = new()
    {
        // Re-recorded when the signature stopped depending on the compiler's numbering of anonymous types (the definitions did not change).
        [2] = "8dd6659b488e20a1",

        // A member's own report (自主申报) is not a published task: the tasks tally stopped counting it.
        [3] = "62f172241bb84a14",
    };

    [Test]
    public void TheDefinitionsAreTheOnesTheirVersionRecorded()
    {
        var catalog = new TallyCatalog(CompliancePolicy.Default);
        Assert.Multiple(() =>
        {
            Assert.That(Signatures.Keys.Max(), Is.EqualTo(TallyCatalog.Version), "the newest recorded version is the catalog's");
            Assert.That(catalog.Signature, Is.EqualTo(Signatures[TallyCatalog.Version]),
                "the counted things changed: bump TallyCatalog.Version (existing databases then rebuild their tallies) and record the new signature here");
        });
    }

    [Test]
    public void TheFingerprintCarriesTheVersionAndThePolicy() =>
        Assert.That(new TallyCatalog(CompliancePolicy.Default with { AnnualThreshold = 6 }).Fingerprint, Is.EqualTo($"v{TallyCatalog.Version};6:10-01"));

    [Test]
    public void AnotherThresholdChangesTheFingerprintNotTheSignature()
    {
        var five = new TallyCatalog(CompliancePolicy.Default);
        var six = new TallyCatalog(CompliancePolicy.Default with { AnnualThreshold = 6 });
        Assert.That((six.Signature, six.Fingerprint == five.Fingerprint), Is.EqualTo((five.Signature, false)));
    }
}
