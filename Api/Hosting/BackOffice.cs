using Microsoft.Extensions.FileProviders;

namespace Zhuji.Api.Hosting;

/// <summary>
/// The back office (the Vue app built from <c>backoffice/</c> into <c>backoffice-dist</c>) at <c>/admin</c>: its hashed
/// assets cached for a year, its pages (client-side routes) answered with <c>index.html</c>, never cached, under a
/// content security policy that lets it call only this API.
/// </summary>
internal static class BackOffice
{
    public const string Path = "/admin";

    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; connect-src 'self'; " +
        "font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string NotBuilt = """
        <!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>先锋微家管理后台</title>
        <body style="font-family:sans-serif;padding:40px"><h2>管理后台尚未构建</h2>
        <p>构建后台需要 Node.js（20.19 或更新版本）。安装后重新运行 <code>dotnet run --project Api</code> 即会自动构建。</p>
        <p>接口文档：<a href="/swagger">/swagger</a></p></body></html>
        """;

    private static string Folder(IWebHostEnvironment environment) => System.IO.Path.Combine(environment.ContentRootPath, "backoffice-dist");

    public static bool IsBuilt(IWebHostEnvironment environment) => File.Exists(System.IO.Path.Combine(Folder(environment), "index.html"));

    /// <summary>The built files, before routing: <c>/admin/assets/…</c>.</summary>
    public static WebApplication UseBackOfficeFiles(this WebApplication app)
    {
        var folder = Folder(app.Environment);
        if (Directory.Exists(folder))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = Path,
                FileProvider = new PhysicalFileProvider(folder),
                OnPrepareResponse = context =>
                {
                    var headers = context.Context.Response.Headers;
                    headers.ContentSecurityPolicy = Policy;
                    headers.CacheControl = context.File.Name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable";
                },
            });
        }

        return app;
    }

    /// <summary>Every other <c>/admin</c> address is a page of the app: <c>index.html</c> (a missing asset stays a 404).</summary>
    public static IEndpointRouteBuilder MapBackOffice(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/{**page}", (string? page, IWebHostEnvironment environment, HttpContext http) =>
            {
                if (page is not null && System.IO.Path.HasExtension(page))
                {
                    return Results.NotFound();
                }

                http.Response.Headers.ContentSecurityPolicy = Policy;
                http.Response.Headers.CacheControl = "no-cache";
                var index = System.IO.Path.Combine(Folder(environment), "index.html");
                return File.Exists(index)
                    ? Results.File(index, "text/html; charset=utf-8")
                    : Results.Content(NotBuilt, "text/html; charset=utf-8");
            })
            .WithName("BackOffice").AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>A browser at <c>/</c> goes to the back office; anything else gets the JSON index.</summary>
    public static bool WantsPage(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains(MediaTypeNames.Text.Html, StringComparison.OrdinalIgnoreCase));

    private static class MediaTypeNames
    {
        public static class Text
        {
            public const string Html = "text/html";
        }
    }
}
