using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zhuji.Domain.Common;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Contract;

/// <summary>miniprogram-contract/openapi.json is the running API's document, or this fails.</summary>
public class ContractDriftTests
{
    public const string UpdateVariable = "ZHUJI_UPDATE_CONTRACT";

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ContractPath => Path.Combine(RepositoryRoot(), "miniprogram-contract", "openapi.json");

    [Test]
    public async Task TheCheckedInOpenApiDocumentIsTheApisDocument()
    {
        await using var factory = new ZhujiApiFactory();
        var live = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var liveText = live.ToJsonString(Pretty) + "\n";

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(ContractPath, liveText);
            Assert.Pass($"Wrote {ContractPath}");
        }

        Assert.That(File.Exists(ContractPath), Is.True, $"{ContractPath} is missing. Refresh it: scripts/update-contract.sh");
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(ContractPath))!;
        var difference = FirstDifference(checkedIn, live, "$");
        Assert.That(difference, Is.Null,
            $"The API drifted from miniprogram-contract/openapi.json at {difference}. Refresh it with scripts/update-contract.sh and commit the result.");
    }

    public static string LabelsPath => Path.Combine(RepositoryRoot(), "miniprogram-contract", "src", "labels.ts");

    /// <summary>
    /// The zh-CN names the back office and the mini-program show are the ones the API's exports print
    /// (<see cref="Labels"/>): generated from the one table, each checked against its enum in the OpenAPI document.
    /// </summary>
    [Test]
    public async Task TheCheckedInLabelsAreTheDomainsLabels()
    {
        var schemas = JsonNode.Parse(await File.ReadAllTextAsync(ContractPath))!["components"]!["schemas"]!.AsObject();
        var text = new System.Text.StringBuilder()
            .AppendLine("// The zh-CN name of each value a person reads, generated from Domain/Common/Labels.cs by the contract test")
            .AppendLine("// (scripts/update-contract.sh). Do not edit: change Labels.cs and regenerate.")
            .AppendLine("import type { components } from './api-types';")
            .AppendLine()
            .AppendLine("type Schemas = components['schemas'];")
            .AppendLine()
            .AppendLine("export const labels = {");
        foreach (var (name, names) in Labels.All)
        {
            var values = string.Join(", ", names.Select(n => $"{n.Key}: '{n.Value}'"));
            text.AppendLine(schemas.ContainsKey(name)
                ? $"  {name}: {{ {values} }} satisfies Record<Schemas['{name}'], string>,"
                : $"  {name}: {{ {values} }},");
        }

        var generated = text.AppendLine("} as const;").ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(LabelsPath, generated);
            Assert.Pass($"Wrote {LabelsPath}");
        }

        Assert.That(File.Exists(LabelsPath) ? await File.ReadAllTextAsync(LabelsPath) : "", Is.EqualTo(generated),
            "miniprogram-contract/src/labels.ts is not Labels.cs: refresh it with scripts/update-contract.sh and commit the result.");
    }

    /// <summary>The JSON path of the first place the two documents differ, or null.</summary>
    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(key) || !a.ContainsKey(key))
                    {
                        return $"{path}.{key} ({(e.ContainsKey(key) ? "removed from" : "added to")} the API)";
                    }

                    if (FirstDifference(e[key], a[key], $"{path}.{key}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    if (i >= e.Count || i >= a.Count)
                    {
                        return $"{path}[{i}]";
                    }

                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : path;
        }
    }

    private static string RepositoryRoot()
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
