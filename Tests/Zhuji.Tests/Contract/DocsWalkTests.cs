using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Zhuji.Domain.Common;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Contract;

/// <summary>
/// Every HTTP walk of the guides in <c>docs/guides/</c> runs as written against a fresh demo city, in order, one guide
/// per test: a guide that drifts from the API fails CI. A walk is a fenced <c>http</c> block: comment lines carry
/// <c># as &lt;who&gt;</c> (a WeChat openid, a back-office account, or <c>nobody</c>), <c># expect &lt;status&gt;</c>
/// (2xx when left out), <c># save &lt;name&gt; = &lt;path&gt;</c> and <c># wait &lt;n&gt; minutes</c>; then the request line,
/// headers, a blank line and the JSON body. <c>{{name}}</c> is a value saved before, <c>{{now}}</c> and
/// <c>{{now-5m}}</c> Beijing time, <c>{{today+20d}}</c> a Beijing date, <c>{{today+2d 09:00}}</c> a Beijing time on
/// that day (for what must not cross midnight), <c>{{password:&lt;account&gt;}}</c> the demo account's password.
/// </summary>
public partial class DocsWalkTests
{
    private static readonly string[] Accounts = ["cityadmin", "streetadmin", "communityadmin", "blockadmin", "unitadmin", "merchantadmin"];

    public static IEnumerable<string> Guides() =>
        Directory.GetFiles(Path.Combine(Root(), "docs", "guides"), "*.md").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Guides))]
    public async Task TheGuideWalksAsWritten(string guide)
    {
        var steps = Parse(await File.ReadAllTextAsync(Path.Combine(Root(), "docs", "guides", guide)));
        Assert.That(steps, Is.Not.Empty, $"{guide} has no http walk");
        var clock = new TestClock(DateTimeOffset.UtcNow);
        await using var factory = new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:SeedDemoData"] = "true" }, clock: clock);
        var walk = new Walk(factory, clock);
        foreach (var step in steps)
        {
            await walk.RunAsync(step, guide);
        }
    }

    [Test]
    public void EveryGuideIsListedInTheDocsIndex()
    {
        var index = File.ReadAllText(Path.Combine(Root(), "docs", "README.md"));
        Assert.That(Guides().Where(g => !index.Contains($"guides/{g}", StringComparison.Ordinal)), Is.Empty);
    }

    internal sealed record Step(int Line, string? As, int? Expect, List<(string Name, string Path)> Saves, int WaitMinutes, string Method, string Path,
        List<(string Name, string Value)> Headers, string? Body);

    internal static List<Step> Parse(string markdown)
    {
        var steps = new List<Step>();
        foreach (Match block in HttpBlock().Matches(markdown))
        {
            var line = markdown[..block.Index].Count(c => c == '\n') + 2;
            string? who = null;
            int? expect = null;
            var saves = new List<(string, string)>();
            var wait = 0;
            var lines = block.Groups["body"].Value.Replace("\r", "", StringComparison.Ordinal).Split('\n').ToList();
            var i = 0;
            for (; i < lines.Count && (lines[i].StartsWith('#') || lines[i].Trim().Length == 0); i++)
            {
                var comment = lines[i].TrimStart('#').Trim();
                if (Directive().Match(comment) is { Success: true } d)
                {
                    var argument = d.Groups["argument"].Value.Trim();
                    switch (d.Groups["verb"].Value)
                    {
                        case "as":
                            who = argument.Split(' ')[0];
                            break;
                        case "expect":
                            expect = int.Parse(argument.Split(' ')[0], CultureInfo.InvariantCulture);
                            break;
                        case "save":
                            var parts = argument.Split('=', 2);
                            saves.Add((parts[0].Trim(), parts[1].Trim()));
                            break;
                        case "wait":
                            wait += int.Parse(argument.Split(' ')[0], CultureInfo.InvariantCulture);
                            break;
                    }
                }
            }

            var request = lines[i].Split(' ', 2);
            var headers = new List<(string, string)>();
            for (i++; i < lines.Count && lines[i].Trim().Length > 0; i++)
            {
                var header = lines[i].Split(':', 2);
                headers.Add((header[0].Trim(), header[1].Trim()));
            }

            var body = string.Join('\n', lines.Skip(i)).Trim();
            steps.Add(new Step(line, who, expect, saves, wait, request[0], request[1].Trim(), headers, body.Length == 0 ? null : body));
        }

        return steps;
    }

    private sealed class Walk(ZhujiApiFactory factory, TestClock clock)
    {
        private readonly Dictionary<string, string> values = [];
        private readonly Dictionary<string, HttpClient> clients = [];

        public async Task RunAsync(Step step, string guide)
        {
            clock.Advance(TimeSpan.FromMinutes(step.WaitMinutes));
            var where = $"{guide}:{step.Line} {step.Method} {step.Path}";
            var client = await ClientAsync(step.As ?? "nobody");
            using var request = new HttpRequestMessage(new HttpMethod(step.Method), Fill(step.Path));
            foreach (var (name, value) in step.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, Fill(value));
            }

            if (step.Body is { } body)
            {
                request.Content = new StringContent(Fill(body), Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (step.Expect is { } expected)
            {
                Assert.That((int)response.StatusCode, Is.EqualTo(expected), $"{where} answered {text}");
            }
            else
            {
                Assert.That(response.IsSuccessStatusCode, Is.True, $"{where} answered {(int)response.StatusCode} {text}");
            }

            if (step.Saves.Count > 0)
            {
                var json = JsonNode.Parse(text);
                foreach (var (name, path) in step.Saves)
                {
                    var found = Select(json, path);
                    Assert.That(found, Is.Not.Null, $"{where}: nothing at {path} in {text}");
                    values[name] = found!.GetValueKind() == System.Text.Json.JsonValueKind.String ? found.GetValue<string>() : found.ToJsonString();
                }
            }
        }

        private async Task<HttpClient> ClientAsync(string who)
        {
            if (clients.TryGetValue(who, out var known))
            {
                return known;
            }

            var client = factory.CreateClient();
            if (who != "nobody")
            {
                var login = Accounts.Contains(who)
                    ? await client.PostJsonAsync("/api/v1/auth/password-login", new { username = who, password = Password(who) }).ReadJsonAsync(HttpStatusCode.OK)
                    : await client.PostJsonAsync("/api/v1/auth/wechat-login", new { code = factory.LoginCode(who) }).ReadJsonAsync(HttpStatusCode.OK);
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["token"]!.GetValue<string>());
            }

            return clients[who] = client;
        }

        private string Password(string account) =>
            File.ReadLines(Path.Combine(factory.Folder, DemoCitySeeder.AccountsFile)).Select(l => l.Split('\t')).Single(l => l[0] == account)[1];

        private string Fill(string text) => Placeholder().Replace(text, m => m.Groups["name"].Value switch
        {
            "now" => Beijing(clock.GetUtcNow()),
            var n when n.StartsWith("now-", StringComparison.Ordinal) || n.StartsWith("now+", StringComparison.Ordinal) =>
                Beijing(clock.GetUtcNow().AddMinutes((n[3] == '-' ? -1 : 1) * int.Parse(n[4..^1], CultureInfo.InvariantCulture) * (n[^1] == 'h' ? 60 : 1))),
            var n when n.StartsWith("password:", StringComparison.Ordinal) => Password(n["password:".Length..]),
            "year" => ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime).ToString(CultureInfo.InvariantCulture),
            var n when n.StartsWith("today+", StringComparison.Ordinal) && n.Split(' ') is [var day, var time] =>
                $"{Fill($"{{{{{day}}}}}")}T{time}:00+08:00",
            var n when n.StartsWith("today+", StringComparison.Ordinal) =>
                clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).AddDays(int.Parse(n[6..^1], CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            var n => values.TryGetValue(n, out var v) ? v : throw new InvalidOperationException($"{{{{{n}}}}} is used before it is saved"),
        });

        private static string Beijing(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        /// <summary><c>items[taskTitle=垃圾分类].id</c>, <c>items[0].id</c>, <c>user.roles[role=WorkUnitAdmin].scopeId</c>, <c>code</c>.</summary>
        private static JsonNode? Select(JsonNode? node, string path)
        {
            foreach (Match part in PathPart().Matches(path))
            {
                node = node?[part.Groups["name"].Value];
                if (part.Groups["filter"].Success)
                {
                    var filter = part.Groups["filter"].Value;
                    var items = node?.AsArray();
                    node = int.TryParse(filter, out var index)
                        ? items?.ElementAtOrDefault(index)
                        : items?.FirstOrDefault(item => filter.Split('=', 2) is [var field, var wanted]
                            && item?[field] is { } value && (value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()) == wanted);
                }
            }

            return node;
        }
    }

    [GeneratedRegex(@"```http\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex HttpBlock();

    [GeneratedRegex(@"^(?<verb>as|expect|save|wait)\s+(?<argument>.+)$")]
    private static partial Regex Directive();

    [GeneratedRegex(@"\{\{(?<name>[^}]+)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?<filter>[^\]]+)\])?")]
    private static partial Regex PathPart();

    public static string RootFolder() => Root();

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhuji.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Zhuji.sln not found above the test binaries.");
    }
}
