using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.BackOffice;

/// <summary>
/// The back office as its users drive it: the real API on Kestrel with the demo city (jobs running, so reports get
/// made), and the Playwright suite in <c>backoffice/e2e</c> walking each role's day in Debian's chromium. Also the
/// back office's unit tests (Vitest). Needs Node.js (the API build installs the back office's packages) and
/// chromium: without it the browser test is skipped locally and fails in CI (<c>ZHUJI_REQUIRE_BROWSER=1</c>).
/// Screenshots go to a temporary folder, or to <c>docs/screenshots</c> with <c>ZHUJI_E2E_UPDATE_SHOTS=1</c>.
/// </summary>
[NonParallelizable]
[SqliteOnly]
public class BrowserTests
{
    private static readonly string Repository = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../.."));
    private static readonly string BackOffice = Path.Combine(Repository, "backoffice");

    [Test]
    public async Task TheBackOfficesUnitTestsPass()
    {
        var (exit, output) = await RunAsync("npm", "test", new Dictionary<string, string>(), TimeSpan.FromMinutes(3));
        TestContext.Out.WriteLine(output);
        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public async Task EveryRolesDayWalksThroughInABrowser()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            if (Environment.GetEnvironmentVariable("ZHUJI_REQUIRE_BROWSER") == "1")
            {
                Assert.Fail($"chromium not found at {chromium}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH");
            }

            Assert.Ignore($"chromium not found at {chromium}: the browser walk-through needs Debian's chromium (apt-get install chromium)");
        }

        await using var factory = new ZhujiApiFactory(new Dictionary<string, string?>
        {
            ["Zhuji:SeedDemoData"] = "true",
            ["Zhuji:Jobs:RunServer"] = "true",
            // The walk checks out right after checking in (a real clock); the ten minutes are tested over HTTP.
            ["Zhuji:CheckIn:MinimumMinutes"] = "0",
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var work = Path.Combine(factory.Folder, "e2e");
        Directory.CreateDirectory(work);
        var shots = Environment.GetEnvironmentVariable("ZHUJI_E2E_UPDATE_SHOTS") == "1" ? Path.Combine(Repository, "docs", "screenshots") : Path.Combine(work, "shots");
        Directory.CreateDirectory(shots);

        var (exit, output) = await RunAsync("npx", "playwright test", new Dictionary<string, string>
        {
            ["ZHUJI_E2E_URL"] = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal),
            ["ZHUJI_E2E_ACCOUNTS"] = Path.Combine(factory.Folder, DemoCitySeeder.AccountsFile),
            ["ZHUJI_E2E_SHOTS"] = shots,
            ["ZHUJI_E2E_REPORT"] = Path.Combine(work, "report.json"),
            ["ZHUJI_E2E_PDFS"] = Path.Combine(work, "pdfs"),
            ["CHROMIUM_PATH"] = chromium,
        }, TimeSpan.FromMinutes(10));
        TestContext.Out.WriteLine(output);
        Assert.That(exit, Is.Zero, "the Playwright suite failed:\n" + output);
        Assert.That(output, Does.Contain("passed").And.Not.Contain(" failed"));
        PrintedPapersHoldWhatASignerNeeds(Path.Combine(work, "pdfs"));
    }

    /// <summary>
    /// The papers the walk printed to PDF as Chromium prints them (13-print): A4, every column header on page 1, the page
    /// numbers at every foot, the signature lines on the last page.
    /// </summary>
    private static void PrintedPapersHoldWhatASignerNeeds(string folder)
    {
        var papers = new Dictionary<string, (string Title, bool Landscape, string[] Columns)>
        {
            ["archive"] = ("年社区贡献档案", false, ["1月", "12月", "四季度", "全年", "服务时间", "事项", "类别", "红旗", "说明", "内容", "时长（小时）", "状态", "变更", "原因"]),
            ["compliance"] = ("年度在职党员五面红旗考核结果", false, ["序号", "姓名", "单位", "社区", "红旗", "要求", "结果", "计算时间"]),
            ["unit-members"] = ("年在职党员进社区亮旗情况", true, ["序号", "姓名", "报到", "1月", "6月", "12月", "一季度", "四季度", "合计", "社区评议", "进度"]),
        };
        foreach (var (name, (title, landscape, columns)) in papers)
        {
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(Path.Combine(folder, $"{name}.pdf"));
            var pages = pdf.GetPages().ToList();
            string Text(int page) => Readable(string.Concat(pages[page].Letters.Select(l => l.Value)).Replace(" ", "", StringComparison.Ordinal));
            var (width, height) = (pages[0].Width, pages[0].Height);
            Assert.Multiple(() =>
            {
                Assert.That(Math.Round(Math.Max(width, height)), Is.EqualTo(842), $"{name}: A4");
                Assert.That(width > height, Is.EqualTo(landscape), $"{name}: {(landscape ? "landscape" : "portrait")}");
                Assert.That(pages, Has.Count.InRange(1, 20), name);
                Assert.That(Text(0), Does.Contain(Readable(title)), $"{name}: the title block on page 1");
                foreach (var column in columns)
                {
                    Assert.That(Text(0), Does.Contain(Readable(column)), $"{name}: the column {column} on page 1");
                }

                for (var i = 0; i < pages.Count; i++)
                {
                    Assert.That(Text(i), Does.Contain($"第{i + 1}页/共{pages.Count}页"), $"{name}: the page number at the foot of page {i + 1}");
                }

                Assert.That(Text(pages.Count - 1), Does.Contain("制表人").And.Contain("审核人").And.Contain(Readable("（盖章）")), $"{name}: the signature lines");
            });
        }
    }

    /// <summary>
    /// The text as it reads: a CJK font draws 月 and the radical ⽉ with one glyph, and the PDF's text layer names the
    /// glyph by whichever comes first in the font (⽉, ⻚ for 页). NFKC folds the Kangxi radicals (and the full-width
    /// punctuation: the expected texts are folded the same way); the simplified forms of the radicals supplement are folded here.
    /// </summary>
    private static string Readable(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        const string radicals = "⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻢⻣⻥⻦⻧⻨⻩⻬⻮⻰⻳";
        const string characters = "西见角贝车长门青韦页风飞马骨鱼鸟卤麦黄齐齿龙龟";
        return string.Concat(folded.Select(c => radicals.IndexOf(c, StringComparison.Ordinal) is var at and >= 0 ? characters[at] : c));
    }

    private static async Task<(int Exit, string Output)> RunAsync(string command, string arguments, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = BackOffice,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var reading = Task.WhenAll(
            Task.Run(async () => output.Append(await process.StandardOutput.ReadToEndAsync())),
            Task.Run(async () => output.Append(await process.StandardError.ReadToEndAsync())));
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}\n{output}");
        }

        await reading;
        return (process.ExitCode, output.ToString());
    }
}
