using Zhuji.Domain.Compliance;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Registrations;

namespace Zhuji.Domain.Tests;

/// <summary>The city's standing from two tallies equals a member-by-member count.</summary>
public class StandingRuleTests
{
    private static readonly CompliancePolicy Policy = CompliancePolicy.Default;

    [TestCase("2025-09-30T15:59:59Z", 2025)] // 23:59:59 on 30 September in Shanghai: before the cutoff
    [TestCase("2025-09-30T16:00:00Z", 2026)] // 00:00 on 1 October in Shanghai: from the next year
    [TestCase("2024-12-31T16:30:00Z", 2025)] // already 1 January 2025 in Shanghai
    public void AMemberIsFirstEvaluatedForTheYearOfHisApprovalUnlessItCameOnOrAfterTheCutoff(string approvedAt, int year)
    {
        var at = DateTime.Parse(approvedAt, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.That(Policy.FirstEvaluatedYear(at), Is.EqualTo(year));
        Assert.That((Policy.IsEvaluated(MemberType.InService, at, year), Policy.IsEvaluated(MemberType.InService, at, year - 1)), Is.EqualTo((true, false)));
    }

    [TestCase(-1, 0)]
    [TestCase(0, 0)]
    [TestCase(3, 3)]
    [TestCase(5, 5)]
    [TestCase(9, 5)]
    public void ABucketStopsAtTheThreshold(int flags, int bucket) => Assert.That(Policy.Bucket(flags), Is.EqualTo(bucket));

    [TestCase("2026-02-10T02:00:00Z")] // first quarter: nobody behind yet
    [TestCase("2026-08-10T02:00:00Z")] // third quarter: pace 3
    [TestCase("2027-03-01T02:00:00Z")] // the year is over
    public void TalliesGiveTheCountsOfAMemberByMemberRead(string nowText)
    {
        var now = DateTime.Parse(nowText, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        const int year = 2026;
        var random = new Random(5);
        var members = Enumerable.Range(0, 500).Select(_ => (
            Approved: new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(0, 1100)),
            Flags: random.Next(4) == 0 ? 0 : random.Next(1, 9))).ToList();

        var expected = members.Select(m => Progress.Today(m.Flags, year, now, Policy.IsEvaluated(MemberType.InService, m.Approved, year), Policy).State).ToList();
        var evaluatedFrom = members.GroupBy(m => Policy.FirstEvaluatedYear(m.Approved)).ToDictionary(g => g.Key, g => (long)g.Count());
        var buckets = members.Where(m => m.Flags > 0 && Policy.IsEvaluated(MemberType.InService, m.Approved, year))
            .GroupBy(m => Policy.Bucket(m.Flags)).ToDictionary(g => g.Key, g => (long)g.Count());

        var counts = Standings.Of(evaluatedFrom, buckets, year, now, Policy);

        Assert.That(counts, Is.EqualTo(new StandingCounts(
            expected.Count(s => s != ProgressState.NotEvaluated), expected.Count(s => s == ProgressState.Reached),
            expected.Count(s => s == ProgressState.OnTrack), expected.Count(s => s == ProgressState.Behind))));
        Assert.That(counts.Evaluated, Is.LessThan(members.Count), "some were approved after the cutoff");
    }

    [TestCase(ComplianceStatus.Compliant, false, "达标")]
    [TestCase(ComplianceStatus.NonCompliant, false, "不达标")]
    [TestCase(ComplianceStatus.Compliant, true, "已达标")]
    [TestCase(ComplianceStatus.NonCompliant, true, "尚未达标")]
    public void AResultReadsAsTheYearsVerdictOnlyOnceTheYearIsOver(ComplianceStatus status, bool provisional, string shown) =>
        Assert.That(new ComplianceResult { Status = status, Provisional = provisional }.ResultName, Is.EqualTo(shown));
}
