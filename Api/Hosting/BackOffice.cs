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

    /// <summary>
    /// The built files, before routing: <c>/admin/assets/…</c>. Each text asset has a Brotli and a gzip copy made at build
    /// time (<c>backoffice/scripts/compress.mjs</c>): a browser that accepts one gets it (<c>Content-Encoding</c>), so the
    /// first load is a third of its size and nothing is compressed per request.
    /// </summary>
    public static WebApplication UseBackOfficeFiles(this WebApplication app)
    {
        var folder = Folder(app.Environment);
        if (Directory.Exists(folder))
        {
            var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
            var stored = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
            stored.Mappings[".br"] = "application/octet-stream";
            stored.Mappings[".gz"] = "application/octet-stream";
            app.Use((context, next) =>
            {
                var path = context.Request.Path;
                if (HttpMethods.IsGet(context.Request.Method) && path.StartsWithSegments(Path, out var rest) && rest.HasValue
                    && types.TryGetContentType(rest.Value!, out var type) && Precompressed(context.Request, folder, rest.Value!) is { } encoding)
                {
                    context.Request.Path = path + encoding.Extension;
                    context.Response.OnStarting(() =>
                    {
                        context.Response.Headers.ContentEncoding = encoding.Name;
                        context.Response.ContentType = type;
                        context.Response.Headers.Vary = "Accept-Encoding";
                        return Task.CompletedTask;
                    });
                }

                return next(context);
            });
            app.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = Path,
                FileProvider = new PhysicalFileProvider(folder),
                ContentTypeProvider = stored,
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

    /// <summary>The precompressed copy of a file the browser accepts (Brotli first), when the build made one.</summary>
    private static (string Name, string Extension)? Precompressed(HttpRequest request, string folder, string file)
    {
        var accepted = request.Headers.AcceptEncoding.ToString();
        var local = System.IO.Path.Combine(folder, file.TrimStart('/'));
        if (!System.IO.Path.GetFullPath(local).StartsWith(System.IO.Path.GetFullPath(folder), StringComparison.Ordinal))
        {
            return null;
        }

        if (accepted.Contains("br", StringComparison.OrdinalIgnoreCase) && File.Exists(local + ".br"))
        {
            return ("br", ".br");
        }

        return accepted.Contains("gzip", StringComparison.OrdinalIgnoreCase) && File.Exists(local + ".gz") ? ("gzip", ".gz") : null;
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

        // Browsers ask for /favicon.ico on every page, the API's pages and /swagger included: the back office's icon.
        app.MapGet("/favicon.ico", () => Results.Redirect(Path + "/favicon.svg", permanent: true))
            .WithName("Favicon").AllowAnonymous().ExcludeFromDescription();
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
