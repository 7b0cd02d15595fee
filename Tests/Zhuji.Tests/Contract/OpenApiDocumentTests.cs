using System.Text.Json.Nodes;

namespace Zhuji.Tests.Contract;

/// <summary>The checked-in document (equal to the API's, see the drift test) is complete enough to code against.</summary>
public class OpenApiDocumentTests
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];
    private static readonly string[] Anonymous =
    [
        "/", "/health", "/health/live", "/api/v1/auth/wechat-login", "/api/v1/auth/password-login",
        "/api/v1/certificates/{serial}/verify", "/api/v1/uploads/{token}/public", "/api/v1/wechat/push", "/api/v1/privacy",
    ];

    private static JsonNode Document => JsonNode.Parse(File.ReadAllText(ContractDriftTests.ContractPath))!;

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations() =>
        Document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => Methods.Contains(op.Key))
            .Select(op => (path.Key, op.Key, op.Value!.AsObject())));

    [Test]
    public void EveryOperationHasAUniqueIdAndASummary()
    {
        var operations = Operations().ToList();
        Assert.That(operations, Has.Count.GreaterThan(60));
        Assert.Multiple(() =>
        {
            foreach (var (path, method, operation) in operations)
            {
                Assert.That(operation["operationId"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, $"{method} {path}");
                Assert.That(operation["summary"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, $"{method} {path}");
            }

            Assert.That(operations.Select(o => o.Operation["operationId"]!.GetValue<string>()), Is.Unique);
        });
    }

    [Test]
    public void ProtectedOperationsCarryTheBearerRequirementAnd401AndOnlyTheAllowListIsAnonymous()
    {
        Assert.Multiple(() =>
        {
            foreach (var (path, method, operation) in Operations())
            {
                var isAnonymous = Anonymous.Contains(path);
                Assert.That(operation["security"] is not null, Is.EqualTo(!isAnonymous), $"{method} {path} security");
                if (!isAnonymous)
                {
                    Assert.That(operation["responses"]!["401"], Is.Not.Null, $"{method} {path} 401");
                }
            }
        });
    }

    [Test]
    public void ErrorsAreProblemsWithTheContractsCodeAndBodiesMayBeRefused()
    {
        Assert.Multiple(() =>
        {
            foreach (var (path, method, operation) in Operations())
            {
                foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('4') || r.Key.StartsWith('5')))
                {
                    Assert.That(response!["content"]?["application/problem+json"], Is.Not.Null, $"{method} {path} {status}");
                }

                if (operation["requestBody"] is not null)
                {
                    Assert.That(operation["responses"]!["400"], Is.Not.Null, $"{method} {path} 400");
                    Assert.That(operation["responses"]!["413"], Is.Not.Null, $"{method} {path} 413");
                }

                Assert.That(operation["responses"]!.AsObject().Any(r => r.Key.StartsWith('2')), Is.True, $"{method} {path} success");
            }

            var codes = Document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!["code"]!["enum"]!.AsArray().Select(c => c!.GetValue<string>());
            Assert.That(codes, Is.SupersetOf(new[] { "validation_failed", "task_full", "already_claimed", "claim_window_closed", "registration_exists", "wechat_unavailable", "rate_limited" }));
        });
    }

    [Test]
    public void EnumsAreTheirStringValues()
    {
        var schemas = Document["components"]!["schemas"]!.AsObject();
        var enums = schemas.Where(s => s.Value!["enum"] is not null).ToList();
        Assert.That(enums.Select(e => e.Key), Is.SupersetOf(new[] { "TaskTier", "ServiceCategory", "ClaimStatus", "MemberType", "WishChannel", "Role" }));
        Assert.Multiple(() =>
        {
            foreach (var (name, schema) in enums)
            {
                Assert.That(schema!["type"]!.GetValue<string>(), Is.EqualTo("string"), name);
            }

            Assert.That(schemas["TaskTier"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(new[] { "City", "Community", "Block" }));
        });
    }
}
