using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;
using Zhuji.Domain.Certificates;
using Zhuji.Domain.Common;

namespace Zhuji.Infrastructure.Certificates;

/// <summary>
/// The certificate as an A4 PDF (PDFsharp), after 民政部令第67号: title, the statement, the figures in a table (the years,
/// services, hours, flags, star), the list of services (continued on further pages), the issuing community with its
/// handler, contact and date, the serial, the rules it cites, and a QR (drawn as vector squares) that opens the public
/// verification. The font is Noto Sans SC
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

    /// <summary>Rows of the service list on the first page; the rest continue on pages of <see cref="RowsPerPage"/>.</summary>
    public const int FirstPageRows = 9;
    public const int RowsPerPage = 36;

    /// <param name="shortUrl">the address printed under the QR for typing by hand (the QR holds <paramref name="verifyUrl"/>)</param>
    public static byte[] Render(Certificate c, string verifyUrl, IReadOnlyList<CertificateService>? services = null, string? shortUrl = null)
    {
        EmbeddedFont.Install();
        var document = new PdfDocument();
        document.Info.Title = $"{Title} {c.Serial}";
        document.Info.Author = c.Issuer;
        document.Info.Creator = "先锋微家";
        var list = services ?? [];
        var pages = 1 + (int)Math.Ceiling(Math.Max(0, list.Count - FirstPageRows) / (double)RowsPerPage);
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var g = XGraphics.FromPdfPage(page))
        {
            Draw(g, c, verifyUrl, shortUrl ?? verifyUrl, list.Take(FirstPageRows).ToList(), list.Count, pages, page.Width.Point, page.Height.Point);
        }

        for (var p = 1; p < pages; p++)
        {
            var more = document.AddPage();
            more.Size = PdfSharp.PageSize.A4;
            using var g = XGraphics.FromPdfPage(more);
            Continue(g, c, list.Skip(FirstPageRows + ((p - 1) * RowsPerPage)).Take(RowsPerPage).ToList(), FirstPageRows + ((p - 1) * RowsPerPage), p + 1, pages,
                more.Width.Point, more.Height.Point);
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private static readonly XColor Red = XColor.FromArgb(0xB7, 0x1C, 0x1C);
    private static readonly XBrush Grey = new XSolidBrush(XColor.FromArgb(0x60, 0x60, 0x60));
    private static readonly XPen Rule = new(XColor.FromArgb(0xB0, 0xB0, 0xB0), 0.6);
    private const double Margin = 56;

    private static void Frame(XGraphics g, double width, double height)
    {
        g.DrawRectangle(new XPen(Red, 3), Margin - 20, Margin - 20, width - 2 * (Margin - 20), height - 2 * (Margin - 20));
        g.DrawRectangle(new XPen(Red, 0.8), Margin - 14, Margin - 14, width - 2 * (Margin - 14), height - 2 * (Margin - 14));
    }

    private static void Draw(XGraphics g, Certificate c, string verifyUrl, string shortUrl, IReadOnlyList<CertificateService> services, int total, int pages, double width, double height)
    {
        var ink = XBrushes.Black;
        var tableWidth = width - 2 * Margin;
        Frame(g, width, height);

        g.DrawString(Title, new XFont(Family, 28, XFontStyleEx.Bold), new XSolidBrush(Red), new XRect(0, Margin + 8, width, 40), XStringFormats.Center);
        var small = new XFont(Family, 9);
        g.DrawString($"证书编号：{c.Serial}", small, Grey, new XRect(Margin, Margin + 52, tableWidth, 14), XStringFormats.TopRight);

        var body = new XFont(Family, 12.5);
        var hours = c.Hours.ToString("0.#", CultureInfo.InvariantCulture);
        var statement = $"兹证明 {c.Name} 同志（{c.WorkUnit}）于 {c.Period}在{c.Community}参加“先锋微家”在职党员进社区志愿服务 {c.Services} 次，" +
            $"累计服务时长 {hours} 小时，获得红旗 {c.Flags} 面{(string.IsNullOrEmpty(c.StarName) || c.StarName == "志愿者" ? "" : $"，为{c.StarName}")}。以上服务由{c.Issuer}记录，特此证明。";
        var y = Paragraph(g, "    " + statement, body, ink, Margin, Margin + 76, tableWidth, 22);

        var rows = new (string Label, string Value)[]
        {
            ("姓名", c.Name),
            ("证件类型 / 号码", c.IdTypeName.Length == 0 ? "未提供" : $"{c.IdTypeName} / {c.IdNumberMasked}"),
            ("工作单位", c.WorkUnit),
            ("所在社区", c.Community),
            ("服务期间", c.Period),
            ("服务次数 / 时长", $"{c.Services} 次 / {hours} 小时"),
            ("获得红旗", $"{c.Flags} 面"),
            ("志愿者星级", string.IsNullOrEmpty(c.StarName) ? "—" : c.StarName),
        };
        y += 10;
        const double labelWidth = 110, rowHeight = 23;
        foreach (var (label, value) in rows)
        {
            g.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xF6, 0xEE, 0xEE)), Margin, y, labelWidth, rowHeight);
            g.DrawRectangle(Rule, Margin, y, labelWidth, rowHeight);
            g.DrawRectangle(Rule, Margin + labelWidth, y, tableWidth - labelWidth, rowHeight);
            g.DrawString(label, body, ink, new XRect(Margin, y, labelWidth, rowHeight), XStringFormats.Center);
            g.DrawString(value, body, ink, new XRect(Margin + labelWidth + 10, y, tableWidth - labelWidth - 10, rowHeight), XStringFormats.CenterLeft);
            y += rowHeight;
        }

        y += 12;
        g.DrawString(total > services.Count ? $"服务明细（共 {total} 条，其余见续页）" : "服务明细", new XFont(Family, 11, XFontStyleEx.Bold), ink, new XPoint(Margin, y + 10));
        y = ServiceRows(g, services, 0, Margin, y + 16, tableWidth);

        // The issuer's block beside the QR at the foot: who issued it, the handler, where to ask, when.
        const double qrSize = 100;
        var qrTop = height - Margin - qrSize - 34;
        Qr(g, verifyUrl, Margin, qrTop, qrSize);
        g.DrawString("扫码核验本证明", small, ink, new XPoint(Margin + qrSize + 10, qrTop + 14));
        g.DrawString("或在浏览器输入：", small, Grey, new XPoint(Margin + qrSize + 10, qrTop + 30));
        Paragraph(g, shortUrl, new XFont(Family, 8), ink, Margin + qrSize + 10, qrTop + 36, 150, 11);
        var issuedOn = ShanghaiTime.ToShanghai(c.IssuedAt).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        var signature = new XFont(Family, 12);
        var right = new XRect(Margin + qrSize + 170, qrTop - 6, tableWidth - qrSize - 170, 18);
        foreach (var line in new[] { $"出具单位：{c.Issuer}（盖章）", $"经办人：{c.Handler}", $"联系方式：{c.Contact}", $"出具日期：{issuedOn}" })
        {
            right.Y = Paragraph(g, line, signature, ink, right.X, right.Y, right.Width, 17) + 2;
        }

        g.DrawString(Basis, new XFont(Family, 8), Grey, new XRect(Margin, height - Margin - 14, tableWidth, 12), XStringFormats.TopLeft);
        if (pages > 1)
        {
            g.DrawString($"第 1 页 / 共 {pages} 页", small, Grey, new XRect(Margin, height - Margin - 14, tableWidth, 12), XStringFormats.TopRight);
        }
    }

    /// <summary>A continuation page: the rest of the service list, the serial and the page number.</summary>
    private static void Continue(XGraphics g, Certificate c, IReadOnlyList<CertificateService> services, int first, int page, int pages, double width, double height)
    {
        var tableWidth = width - 2 * Margin;
        Frame(g, width, height);
        var small = new XFont(Family, 9);
        g.DrawString($"{Title}（续）  {c.Name}  {c.Period}", new XFont(Family, 13, XFontStyleEx.Bold), XBrushes.Black, new XPoint(Margin, Margin + 14));
        g.DrawString($"证书编号：{c.Serial}", small, Grey, new XRect(Margin, Margin + 4, tableWidth, 14), XStringFormats.TopRight);
        ServiceRows(g, services, first, Margin, Margin + 30, tableWidth);
        g.DrawString($"第 {page} 页 / 共 {pages} 页", small, Grey, new XRect(Margin, height - Margin - 14, tableWidth, 12), XStringFormats.TopRight);
    }

    /// <summary>The service list: 序号, date (Beijing), what, hours. Returns the next row's top.</summary>
    private static double ServiceRows(XGraphics g, IReadOnlyList<CertificateService> services, int first, double x, double y, double width)
    {
        var font = new XFont(Family, 10);
        const double rowHeight = 17;
        double[] widths = [40, 90, width - 40 - 90 - 60, 60];
        string[] head = ["序号", "日期", "服务内容", "小时"];
        void Row(IReadOnlyList<string> cells, bool header)
        {
            var left = x;
            for (var i = 0; i < cells.Count; i++)
            {
                if (header)
                {
                    g.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xF6, 0xEE, 0xEE)), left, y, widths[i], rowHeight);
                }

                g.DrawRectangle(Rule, left, y, widths[i], rowHeight);
                var text = cells[i];
                while (text.Length > 1 && g.MeasureString(text, font).Width > widths[i] - 8)
                {
                    text = text[..^2] + "…";
                }

                g.DrawString(text, font, XBrushes.Black, new XRect(left + 4, y, widths[i] - 8, rowHeight), i == 2 ? XStringFormats.CenterLeft : XStringFormats.Center);
                left += widths[i];
            }

            y += rowHeight;
        }

        Row(head, header: true);
        if (services.Count == 0)
        {
            Row(["—", "—", "该期间暂无已认定的服务", "0"], header: false);
        }

        for (var i = 0; i < services.Count; i++)
        {
            var s = services[i];
            Row([(first + i + 1).ToString(CultureInfo.InvariantCulture), ShanghaiTime.ToShanghai(s.ServedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Title,
                s.Hours.ToString("0.#", CultureInfo.InvariantCulture)], header: false);
        }

        return y;
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
