using System.ComponentModel;
namespace Zhuji.Api.Http;

/// <summary>
/// Absolute links the API hands out (photos, certificates, the verification a QR opens): under
/// <c>Zhuji:PublicBaseUrl</c> (the address the phones reach, behind the load balancer), or the request's own
/// scheme and host when it is not set.
/// </summary>
public sealed class PublicLinks(IHttpContextAccessor http, IConfiguration configuration)
{
    /// <summary>
    /// The address phones and browsers reach the service at (the proxy's, e.g. <c>https://xfwj.zhuji.gov.cn</c>): photo,
    /// certificate and verification links are made under it. Default: the request's own scheme and host.
    /// </summary>
    [DefaultValue("(the request's scheme and host)")]
    public const string BaseUrlKey = "Zhuji:PublicBaseUrl";

    public string Base => configuration[BaseUrlKey] is { Length: > 0 } configured
        ? configured.TrimEnd('/')
        : http.HttpContext is { } context ? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}" : "http://localhost";

    /// <summary>An API path (<c>/uploads/…</c>) as an absolute URL.</summary>
    public string Api(string path) => $"{Base}/api/v1{path}";

    /// <summary>The API path of <paramref name="url"/> when it is one of ours (same scheme, host and port), else null.</summary>
    public string? ApiPathOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !Uri.TryCreate(Base + "/api/v1", UriKind.Absolute, out var root) ||
            Uri.Compare(uri, root, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0 ||
            !uri.AbsolutePath.StartsWith(root.AbsolutePath + "/", StringComparison.Ordinal) || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return null;
        }

        return uri.AbsolutePath[root.AbsolutePath.Length..];
    }
}
