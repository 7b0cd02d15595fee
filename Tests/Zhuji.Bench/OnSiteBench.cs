using System.Diagnostics;
using SkiaSharp;
using Zhuji.Domain.Certificates;
using Zhuji.Infrastructure.Certificates;
using Zhuji.Infrastructure.Uploads;

namespace Zhuji.Bench;

/// <summary>
/// What an upload and a certificate cost the server's CPU: the re-encoding of a phone's photo (12 MP, and the
/// 1080 × 1440 WeChat sends when "original" is not ticked) beside only decoding it (the floor: the least any
/// re-encoding must do), and a certificate's PDF beside an empty page saved by the same library.
/// </summary>
internal static class OnSiteBench
{
    public static List<string[]> Run(int rounds)
    {
        var rows = new List<string[]>();
        foreach (var (width, height, label) in new[] { (4032, 3024, "a 12 MP phone photo"), (1080, 1440, "WeChat's compressed photo") })
        {
            var photo = Photo(width, height);
            var process = Median(rounds, () => PhotoProcessor.Process(photo));
            var decode = Median(rounds, () =>
            {
                using var bitmap = SKBitmap.Decode(photo);
            });
            rows.Add([$"Photo upload: re-encode {label} ({width}×{height}, {photo.Length / 1024:N0} KB JPEG)", $"**{process:F0} ms** (scale, strip EXIF, JPEG + thumbnail)",
                $"a plain full decode: {decode:F0} ms", $"**{process / decode:F1}×** the full decode", "—", "—"]);
        }

        var certificate = Certificate.Issue(new CertificateFigures(1, 2026, "张三丰", "诸暨市财政局", "城西社区", 12, 36.5m, 14), "中共诸暨市委组织部", DateTime.UtcNow);
        var url = $"https://xfwj.example.gov.cn/api/v1/certificates/{certificate.Serial}/verify";
        var pdf = Median(rounds, () => CertificatePdf.Render(certificate, url));
        var empty = Median(rounds, () =>
        {
            using var document = new PdfSharp.Pdf.PdfDocument();
            document.AddPage();
            using var stream = new MemoryStream();
            document.Save(stream);
        });
        rows.Add(["Certificate PDF (A4, CJK font subset embedded, vector QR)", $"**{pdf:F0} ms**, {CertificatePdf.Render(certificate, url).Length / 1024:N0} KB",
            $"an empty page saved: {empty:F1} ms", $"**{pdf / Math.Max(empty, 0.1):F0}×** the empty page", "—", "—"]);
        return rows;
    }

    /// <summary>A photo-like JPEG: gradients and noise, so the encoder has real work, not a flat colour.</summary>
    private static byte[] Photo(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        var random = new Random(3);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.SkyBlue, SKColors.ForestGreen, SKColors.SaddleBrown], SKShaderTileMode.Clamp);
            using var paint = new SKPaint { Shader = shader };
            canvas.DrawRect(0, 0, width, height, paint);
            using var dots = new SKPaint();
            for (var i = 0; i < 20_000; i++)
            {
                dots.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 90);
                canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(2, 12), dots);
            }
        }

        return bitmap.Encode(SKEncodedImageFormat.Jpeg, 92).ToArray();
    }

    private static double Median(int rounds, Action action)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times.Order().ElementAt(times.Count / 2);
    }
}
