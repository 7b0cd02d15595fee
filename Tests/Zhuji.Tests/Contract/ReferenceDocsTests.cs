using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Zhuji.Api.Errors;
using Zhuji.Domain.Common;

namespace Zhuji.Tests.Contract;

/// <summary>
/// The reference documents in <c>docs/</c> are written from the code, so they cannot drift: the configuration
/// reference from the options classes (every key, its default and its doc comment), the API reference from the OpenAPI
/// document and the error codes. <c>scripts/update-contract.sh</c> (<c>ZHUJI_UPDATE_CONTRACT=1</c>) rewrites them.
/// </summary>
public partial class ReferenceDocsTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(Zhuji.Api.Auth.AuthOptions).Assembly,
        typeof(Zhuji.Infrastructure.Data.DatabaseOptions).Assembly,
        typeof(Zhuji.Jobs.JobsOptions).Assembly,
    ];

    [Test]
    public async Task TheConfigurationReferenceIsTheOptionsClasses() => await CheckAsync("configuration.md", Configuration());

    [Test]
    public async Task TheApiReferenceIsTheOpenApiDocumentAndTheErrorCodes() => await CheckAsync("api.md", await ApiReferenceAsync());

    [Test]
    public void EveryConfigurationKeySaysWhatItMeans()
    {
        var undocumented = Keys().Where(k => string.IsNullOrWhiteSpace(k.Meaning)).Select(k => k.Name).ToList();
        Assert.That(undocumented, Is.Empty, "a key without a doc comment: write one on its property or constant");
    }

    private static async Task CheckAsync(string name, string generated)
    {
        var path = Path.Combine(Root(), "docs", name);
        if (Environment.GetEnvironmentVariable(ContractDriftTests.UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, generated);
            Assert.Pass($"Wrote {path}");
        }

        Assert.That(File.Exists(path) ? await File.ReadAllTextAsync(path) : "", Is.EqualTo(generated),
            $"docs/{name} is not what the code says: refresh it with scripts/update-contract.sh and commit the result.");
    }

    private sealed record Key(string Name, string Default, string Meaning);

    private static string Configuration()
    {
        var text = new StringBuilder()
            .AppendLine("# Configuration reference")
            .AppendLine()
            .AppendLine("<!-- Generated from the options classes by ReferenceDocsTests (scripts/update-contract.sh). Do not edit. -->")
            .AppendLine()
            .AppendLine("Every setting the service reads, with its default and meaning. Set them in `appsettings.json`, or as environment")
            .AppendLine("variables with `__` for `:` (`Zhuji__Database__Provider=PostgreSql`). Secrets (the signing key, the WeChat")
            .AppendLine("AppSecret and push token, connection passwords) belong in the environment or a secret store, never in a file")
            .AppendLine("in the repository. A key shown with `<…>` takes a name there (`Zhuji:Points:Multipliers:CommunityActivity`).")
            .AppendLine()
            .AppendLine("| key | default | meaning |")
            .AppendLine("|---|---|---|");
        foreach (var key in Keys().OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"| `{key.Name}` | {key.Default} | {Cell(key.Meaning)} |");
        }

        return text.ToString();
    }

    private static List<Key> Keys()
    {
        var keys = new List<Key>();
        foreach (var assembly in Assemblies)
        {
            var docs = Docs(assembly);
            foreach (var type in assembly.GetTypes())
            {
                if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } section)
                {
                    var prefix = (string)section.GetRawConstantValue()!;
                    var instance = type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);
                    foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                    {
                        var dictionary = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>);
                        keys.Add(new Key($"{prefix}:{property.Name}{(dictionary ? ":<…>" : "")}",
                            DefaultOf(property.GetCustomAttribute<DefaultValueAttribute>()?.Value ?? property.GetValue(instance)),
                            docs.GetValueOrDefault($"P:{type.FullName}.{property.Name}", "")));
                    }
                }

                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.Name.EndsWith("Key", StringComparison.Ordinal)))
                {
                    if (field.GetRawConstantValue() is string name && Regex.IsMatch(name, "^(Zhuji|ConnectionStrings|AutoMapper):"))
                    {
                        keys.Add(new Key(name, DefaultOf(field.GetCustomAttribute<DefaultValueAttribute>()?.Value), docs.GetValueOrDefault($"F:{type.FullName}.{field.Name}", "")));
                    }
                }
            }
        }

        return keys;
    }

    private static string DefaultOf(object? value) => value switch
    {
        null => "—",
        string { Length: 0 } => "—",
        string s when s.StartsWith('(') => s,
        string s => $"`{s}`",
        bool b => b ? "`true`" : "`false`",
        IEnumerable list when !list.Cast<object>().Any() => "—",
        IEnumerable list => string.Join(", ", list.Cast<object>().Select(o => $"`{o}`")),
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        _ => $"`{value}`",
    };

    private static async Task<string> ApiReferenceAsync()
    {
        var root = Root();
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "miniprogram-contract", "openapi.json")))!;
        var messages = ErrorMessage().Matches(await File.ReadAllTextAsync(Path.Combine(root, "miniprogram-contract", "src", "errors.ts")))
            .ToDictionary(m => m.Groups["code"].Value, m => m.Groups["message"].Value);
        var text = new StringBuilder()
            .AppendLine("# API reference")
            .AppendLine()
            .AppendLine("<!-- Generated from miniprogram-contract/openapi.json and the error codes by ReferenceDocsTests (scripts/update-contract.sh). Do not edit. -->")
            .AppendLine()
            .AppendLine("Base path `/api/v1`, JSON in camelCase, ids as strings, times ISO 8601 with an offset (stored in UTC; a year, quarter")
            .AppendLine("or month of flags is the Asia/Shanghai calendar period of the service). `Authorization: Bearer <token>` from")
            .AppendLine("`POST /api/v1/auth/wechat-login` (the mini-program) or `POST /api/v1/auth/password-login` (the back office).")
            .AppendLine("Lists take `?limit=` (1–100, default 20) and `?cursor=` and answer `{items, nextCursor}`. Creating calls a phone may")
            .AppendLine("retry take an optional `Idempotency-Key` header: the same key with the same body answers the first result again.")
            .AppendLine("The full schemas: `miniprogram-contract/openapi.json` (and `/swagger` on a running service).")
            .AppendLine()
            .AppendLine("## Errors")
            .AppendLine()
            .AppendLine("Every refusal is `application/problem+json` with `status`, `code`, a zh-CN `title` saying what happened, and for")
            .AppendLine("input `errors: {field: [messages]}`. Never a stack trace. The codes, and what the mini-program tells the person:")
            .AppendLine()
            .AppendLine("| code | status | the mini-program says |")
            .AppendLine("|---|---|---|");
        foreach (var code in typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!))
        {
            text.AppendLine($"| `{code}` | {Problems.StatusOf(code)} | {messages.GetValueOrDefault(code, "—")} |");
        }

        foreach (var tag in document["paths"]!.AsObject()
                     .SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key.ToUpperInvariant(), Operation: o.Value!)))
                     .GroupBy(o => o.Operation["tags"]?[0]?.GetValue<string>() ?? "Other"))
        {
            text.AppendLine().AppendLine($"## {tag.Key}").AppendLine().AppendLine("| call | what it does |").AppendLine("|---|---|");
            foreach (var (path, method, operation) in tag)
            {
                text.AppendLine($"| `{method} {path}` | {Cell(operation["summary"]?.GetValue<string>() ?? operation["operationId"]!.GetValue<string>())} |");
            }
        }

        return text.ToString();
    }

    private static string Cell(string text) => Regex.Replace(text, @"\s+", " ").Replace("|", "\\|", StringComparison.Ordinal).Trim();

    /// <summary>Member id → summary text of an assembly's XML documentation, tags turned into Markdown.</summary>
    private static Dictionary<string, string> Docs(Assembly assembly)
    {
        var file = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(file))
        {
            return [];
        }

        return XDocument.Load(file).Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => m.Attribute("name")!.Value, m => Plain(m.Element("summary")!));
    }

    private static string Plain(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
                XElement { Name.LocalName: "see" } see => $"`{(see.Attribute("cref")?.Value ?? see.Attribute("langword")?.Value ?? "").Split('.', ':').Last()}`",
                XElement { Name.LocalName: "paramref" } p => $"`{p.Attribute("name")?.Value}`",
                XElement e => e.Value,
                _ => "",
            });
        }

        return Regex.Replace(text.ToString(), @"\s+", " ").Trim();
    }

    [GeneratedRegex(@"^\s+(?<code>[a-z_]+): '(?<message>[^']*)',", RegexOptions.Multiline)]
    private static partial Regex ErrorMessage();

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
