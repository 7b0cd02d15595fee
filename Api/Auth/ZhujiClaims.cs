using System.Globalization;
using System.Security.Claims;
using Zhuji.Domain.Identity;

namespace Zhuji.Api.Auth;

/// <summary>Our token's claims: <c>sub</c> the user id, one <c>grant</c> per role held (<c>Role:scopeId</c>).</summary>
public static class ZhujiClaims
{
    public const string Subject = "sub";
    public const string Grant = "grant";
    public const string Name = "name";

    /// <summary>The user's security stamp when the token was issued (see <c>User.SecurityStamp</c>).</summary>
    public const string Stamp = "stamp";

    public static string Format(Grant grant) =>
        $"{grant.Role}:{grant.ScopeId?.ToString(CultureInfo.InvariantCulture)}";

    public static Grant? Parse(string value)
    {
        var separator = value.IndexOf(':');
        if (separator < 0 || !Enum.TryParse<Role>(value[..separator], out var role))
        {
            return null;
        }

        var scope = value[(separator + 1)..];
        return scope.Length == 0
            ? new Grant(role, null)
            : long.TryParse(scope, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? new Grant(role, id) : null;
    }

    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(Subject), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static IReadOnlyList<Grant> Grants(this ClaimsPrincipal principal) =>
        principal.FindAll(Grant).Select(c => Parse(c.Value)).OfType<Grant>().ToList();
}
