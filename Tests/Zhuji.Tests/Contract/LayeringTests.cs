namespace Zhuji.Tests.Contract;

/// <summary>
/// Where the code lives. Endpoints bind, call Domain, save and answer; the rules are Domain's and the queries and writes
/// that serve several endpoints Infrastructure's. When handlers grow their own logic again, Api/Features outgrows Domain:
/// this keeps the proportion the team agreed (issue #23), so the drift is seen in the change that makes it.
/// </summary>
public class LayeringTests
{
    private const double MostFeaturesPerDomainLine = 1.6;

    [Test]
    public void HandlersStayThinnerThanTheRulesTheyCall()
    {
        var root = DocsWalkTests.RootFolder();
        var features = Lines(Path.Combine(root, "Api", "Features"));
        var domain = Lines(Path.Combine(root, "Domain"));
        TestContext.Out.WriteLine($"Api/Features {features} lines, Domain {domain} lines: {(double)features / domain:0.00}×");
        Assert.That((double)features / domain, Is.LessThanOrEqualTo(MostFeaturesPerDomainLine),
            "Api/Features has grown past 1.6× Domain: move the rules a handler carries into Domain (with unit tests), or a query or write several use into Infrastructure");
    }

    private static int Lines(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .Sum(f => File.ReadLines(f).Count());
}
