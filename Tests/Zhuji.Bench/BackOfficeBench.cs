using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zhuji.Bench;

/// <summary>
/// The back office's list pages on the bench's city (11,000 members, 100,000 tasks): Playwright in Debian's chromium
/// opens every list page of a city and a community account by its menu (backoffice/e2e/06-lists.spec.ts) and times
/// each until its first rows show. The baseline is the smallest list of the same run (账号与角色, a handful of
/// accounts): the ratio is what the city's size costs. Skipped, saying why, without chromium or Node.js.
/// </summary>
internal static class BackOfficeBench
{
    public sealed record Timing(string Username, string Page, int Ms);

    public static async Task<IReadOnlyList<Timing>?> RunAsync(string repository, string work, string baseUrl, HttpClient admin, (long Id, long Community) block, int pendingRegistrations)
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        var backOffice = Path.Combine(repository, "backoffice");
        if (!File.Exists(chromium) || !Directory.Exists(Path.Combine(backOffice, "node_modules", "@playwright")))
        {
            Console.WriteLine($"Back office lists: skipped (needs chromium at {chromium} and backoffice/node_modules; build the API once)");
            return null;
        }

        // A community secretary's morning: waiting registrations in his queue.
        await PendingRegistrationsAsync(baseUrl, block, pendingRegistrations);
        var communityId = block.Community;

        var password = "bench-" + Guid.NewGuid().ToString("N")[..12];
        var accounts = new Dictionary<string, object[]>
        {
            ["benchcity"] = [new { role = "CityAdmin", scopeId = (string?)null }],
            ["benchcommunity"] = [new { role = "CommunityAdmin", scopeId = communityId.ToString() }],
        };
        foreach (var (username, roles) in accounts)
        {
            var response = await admin.PostAsJsonAsync("/api/v1/admin-accounts", new { username, password, displayName = username, roles });
            response.EnsureSuccessStatusCode();
        }

        var file = Path.Combine(work, "bench-accounts.txt");
        await File.WriteAllLinesAsync(file, accounts.Keys.Select(u => $"{u}\t{password}\t"));
        var timings = Path.Combine(work, "lists.json");
        var start = new ProcessStartInfo("npx", "playwright test e2e/06-lists.spec.ts --reporter=line")
        {
            WorkingDirectory = backOffice,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ZHUJI_E2E_URL"] = baseUrl,
                ["ZHUJI_E2E_ACCOUNTS"] = file,
                ["ZHUJI_E2E_ROLES"] = string.Join(',', accounts.Keys),
                ["ZHUJI_E2E_TIMINGS"] = timings,
                ["ZHUJI_E2E_REPORT"] = Path.Combine(work, "lists-report.json"),
                ["CHROMIUM_PATH"] = chromium,
            },
        };
        using var run = Process.Start(start) ?? throw new InvalidOperationException("npx did not start");
        var output = run.StandardOutput.ReadToEndAsync();
        var errors = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        if (run.ExitCode != 0 || !File.Exists(timings))
        {
            Console.WriteLine($"Back office lists: the Playwright run failed ({run.ExitCode})\n{await output}\n{await errors}");
            return null;
        }

        var rows = JsonSerializer.Deserialize<List<JsonObject>>(await File.ReadAllTextAsync(timings))!;
        return rows.Select(r => new Timing(r["username"]!.GetValue<string>(), r["page"]!.GetValue<string>(), r["ms"]!.GetValue<int>())).ToList();
    }

    private static async Task PendingRegistrationsAsync(string baseUrl, (long Id, long Community) block, int count)
    {
        using var client = Load.Client(baseUrl, connections: 16);
        await Load.ManyAsync(count, 16, async i =>
        {
            var login = await client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = $"fake:bench-waiting-{i}" });
            var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/registrations")
            {
                Content = JsonContent.Create(new
                {
                    name = $"待审{i}",
                    phone = $"15{i:D9}",
                    memberType = "Resident",
                    communityId = block.Community.ToString(),
                    blockId = block.Id.ToString(),
                    building = "1幢",
                    unit = "1单元",
                    room = "101",
                    skills = Array.Empty<string>(),
                }),
            };
            request.Headers.Authorization = new("Bearer", token);
            return await client.SendAsync(request);
        });
    }
}
