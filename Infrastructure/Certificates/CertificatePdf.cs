using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;
using Zhuji.Domain.Certificates;
using Zhuji.Domain.Common;

namespace Zhuji.Infrastructure.Certificates;

/// <summary>
/// The certificate as an A4 PDF (PDFsharp): title, the statement, the figures in a table, issuer and date, the
/// serial, and a QR (drawn as vector squares) that opens the public verification. The font is Noto Sans SC
/// (SIL OFL), subset and shipped in this assembly: nothing is read from the machine or downloaded.
/// </summary>
public static class CertificatePdf
{
    public const string Title = "志愿服务证明";

    /// <summary>
    /// The rules it is issued under, by their right names and numbers: the rule in force is 民政部令第67号; 民发〔2015〕149号 is the
    /// guidance on certificates (not a 记录办法).
    /// </summary>
    public const string Basis = "依据《志愿服务记录与证明出具办法》（民政部令第67号）和《关于规范志愿服务记录证明工作的指导意见》（民发〔2015〕149号）出具。";
    private const string Family = "Noto Sans SC";

    public static byte[] Render(Certificate c, string verifyUrl)
    {
        EmbeddedFont.Install();
        var document = new PdfDocument();
        document.Info.Title = $"{Title} {c.Serial}";
        document.Info.Author = c.Issuer;
        document.Info.Creator = "先锋微家";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var g = XGraphics.FromPdfPage(page))
        {
            Draw(g, c, verifyUrl, page.Width.Point, page.Height.Point);
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private static void Draw(XGraphics g, Certificate c, string verifyUrl, double width, double height)
    {
        var red = XColor.FromArgb(0xB7, 0x1C, 0x1C);
        var ink = XBrushes.Black;
        var grey = new XSolidBrush(XColor.FromArgb(0x60, 0x60, 0x60));
        const double margin = 56;

        g.DrawRectangle(new XPen(red, 3), margin - 20, margin - 20, width - 2 * (margin - 20), height - 2 * (margin - 20));
        g.DrawRectangle(new XPen(red, 0.8), margin - 14, margin - 14, width - 2 * (margin - 14), height - 2 * (margin - 14));

        var titleFont = new XFont(Family, 30, XFontStyleEx.Bold);
        g.DrawString(Title, titleFont, new XSolidBrush(red), new XRect(0, margin + 20, width, 40), XStringFormats.Center);
        var small = new XFont(Family, 10);
        g.DrawString($"证书编号：{c.Serial}", small, grey, new XRect(margin, margin + 70, width - 2 * margin, 16), XStringFormats.TopRight);

        var body = new XFont(Family, 14);
        var hours = c.Hours.ToString("0.#", CultureInfo.InvariantCulture);
        var statement = $"兹证明 {c.Name} 同志（{c.WorkUnit}）于 {c.Year} 年度在{c.Community}参加“先锋微家”在职党员进社区志愿服务 {c.Services} 次，" +
            $"累计服务时长 {hours} 小时，获得红旗 {c.Flags} 面。特此证明。";
        var y = Paragraph(g, "    " + statement, body, ink, margin, margin + 110, width - 2 * margin, 26);

        var rows = new (string Label, string Value)[]
        {
            ("姓名", c.Name),
            ("工作单位", c.WorkUnit),
            ("所在社区", c.Community),
            ("服务年度", $"{c.Year} 年"),
            ("服务次数", $"{c.Services} 次"),
            ("服务时长", $"{hours} 小时"),
            ("获得红旗", $"{c.Flags} 面"),
        };
        y += 24;
        var pen = new XPen(XColor.FromArgb(0xB0, 0xB0, 0xB0), 0.6);
        var labelWidth = 110.0;
        var tableWidth = width - 2 * margin;
        foreach (var (label, value) in rows)
        {
            g.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xF6, 0xEE, 0xEE)), margin, y, labelWidth, 28);
            g.DrawRectangle(pen, margin, y, labelWidth, 28);
            g.DrawRectangle(pen, margin + labelWidth, y, tableWidth - labelWidth, 28);
            g.DrawString(label, body, ink, new XRect(margin, y, labelWidth, 28), XStringFormats.Center);
            g.DrawString(value, body, ink, new XRect(margin + labelWidth + 12, y, tableWidth - labelWidth - 12, 28), XStringFormats.CenterLeft);
            y += 28;
        }

        var issuedOn = ShanghaiTime.ToShanghai(c.IssuedAt).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        var signature = new XFont(Family, 15);
        g.DrawString(c.Issuer, signature, ink, new XRect(margin, y + 60, tableWidth, 20), XStringFormats.TopRight);
        g.DrawString(issuedOn, signature, ink, new XRect(margin, y + 88, tableWidth, 20), XStringFormats.TopRight);

        const double qrSize = 110;
        var qrTop = height - margin - qrSize - 40;
        Qr(g, verifyUrl, margin, qrTop, qrSize);
        g.DrawString("扫码核验本证明", small, ink, new XPoint(margin + qrSize + 14, qrTop + 40));
        Paragraph(g, verifyUrl, new XFont(Family, 8), grey, margin + qrSize + 14, qrTop + 52, tableWidth - qrSize - 14, 12);
        g.DrawString(Basis, small, grey, new XRect(margin, height - margin - 16, tableWidth, 14), XStringFormats.TopLeft);
    }

    /// <summary>Punctuation that never starts a line (避头点): it stays on the line before, a little over the width.</summary>
    private const string NoLineStart = "，。、；：！？”’）》」』…,.;:!?)";

    /// <summary>Chinese has no spaces to break at: wraps character by character to the width. Returns the next line's top.</summary>
    private static double Paragraph(XGraphics g, string text, XFont font, XBrush brush, double x, double y, double width, double lineHeight)
    {
        var line = "";
        foreach (var ch in text)
        {
            if (line.Length > 0 && !NoLineStart.Contains(ch) && g.MeasureString(line + ch, font).Width > width)
            {
                g.DrawString(line, font, brush, new XPoint(x, y + lineHeight * 0.75));
                y += lineHeight;
                line = "";
            }

            line += ch;
        }

        if (line.Length > 0)
        {
            g.DrawString(line, font, brush, new XPoint(x, y + lineHeight * 0.75));
            y += lineHeight;
        }

        return y;
    }

    private static void Qr(XGraphics g, string text, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = size / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
        {
            for (var col = 0; col < matrix.Count; col++)
            {
                if (matrix[row][col])
                {
                    // A hair wider than the module, so neighbouring squares leave no seams on screen.
                    g.DrawRectangle(XBrushes.Black, x + col * module, y + row * module, module + 0.05, module + 0.05);
                }
            }
        }
    }

    /// <summary>PDFsharp's font resolver, set once for the process: every family asked for is the shipped face.</summary>
    private sealed class EmbeddedFont : IFontResolver
    {
        private const string Face = "NotoSansSC";
        private static readonly Lazy<byte[]> Bytes = new(() =>
        {
            using var stream = typeof(CertificatePdf).Assembly.GetManifestResourceStream("Zhuji.Certificates.NotoSansSC.ttf")
                ?? throw new InvalidOperationException("The certificate font is not embedded.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });

        private static readonly Lock Gate = new();

        public static void Install()
        {
            lock (Gate)
            {
                if (GlobalFontSettings.FontResolver is not EmbeddedFont)
                {
                    GlobalFontSettings.FontResolver = new EmbeddedFont();
                }
            }
        }

        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(Face, bold, italic);

        public byte[] GetFont(string faceName) => Bytes.Value;
    }
}
