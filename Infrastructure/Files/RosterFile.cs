using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Zhuji.Domain.Registrations;

namespace Zhuji.Infrastructure.Files;

/// <summary>One data row of a roster file as written (row numbers as a spreadsheet shows them).</summary>
public sealed record RosterFileContent(IReadOnlyList<RosterLine> Rows, string? Error);

/// <summary>
/// Reads a work unit's roster: .xlsx, or .csv in UTF-8 (with or without BOM) or GB18030 (what Chinese
/// Excel writes). Headers 姓名/name and 手机号/phone, in any column order, case-insensitive.
/// </summary>
public static class RosterFile
{
    public const int MaxRows = 50_000;

    private static readonly string[] NameHeaders = ["姓名", "name", "名字"];
    private static readonly string[] PhoneHeaders = ["手机号", "手机号码", "手机", "phone", "mobile", "联系电话"];

    static RosterFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static RosterFileContent Read(Stream stream, string fileName)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            return new RosterFileContent([], "文件为空");
        }

        var isZip = bytes.Length > 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K';
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension == ".xlsx" || (extension != ".csv" && isZip))
        {
            return isZip ? ReadXlsx(bytes) : new RosterFileContent([], "不是有效的 .xlsx 文件");
        }

        return extension == ".csv" ? ReadCsv(bytes) : new RosterFileContent([], "仅支持 .xlsx 或 .csv 文件");
    }

    private static RosterFileContent ReadXlsx(byte[] bytes)
    {
        List<string?[]> table;
        try
        {
            using var stream = new MemoryStream(bytes);
            table = stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX)
                .Take(MaxRows + 2)
                .Select(row => ((IDictionary<string, object?>)row).Values.Select(Cell).ToArray())
                .ToList();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or System.Xml.XmlException or IOException or NotSupportedException)
        {
            return new RosterFileContent([], "无法读取该 .xlsx 文件");
        }

        return FromTable(table);
    }

    private static string? Cell(object? value) => value switch
    {
        null => null,
        double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.##########", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static RosterFileContent ReadCsv(byte[] bytes)
    {
        var text = Decode(bytes);
        var table = ParseCsv(text).Take(MaxRows + 2).ToList();
        return FromTable(table);
    }

    /// <summary>UTF-8 when it has a BOM or is valid UTF-8; otherwise GB18030.</summary>
    public static string Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    private static RosterFileContent FromTable(IReadOnlyList<string?[]> table)
    {
        if (table.Count == 0)
        {
            return new RosterFileContent([], "文件中没有表头");
        }

        var header = table[0].Select(h => (h ?? "").Trim().ToLowerInvariant()).ToArray();
        var nameColumn = Array.FindIndex(header, h => NameHeaders.Contains(h));
        var phoneColumn = Array.FindIndex(header, h => PhoneHeaders.Contains(h));
        if (nameColumn < 0 || phoneColumn < 0)
        {
            return new RosterFileContent([], "表头须包含“姓名”（name）和“手机号”（phone）两列");
        }

        if (table.Count - 1 > MaxRows)
        {
            return new RosterFileContent([], $"一次最多导入 {MaxRows} 行");
        }

        var rows = new List<RosterLine>();
        for (var i = 1; i < table.Count; i++)
        {
            var cells = table[i];
            var name = nameColumn < cells.Length ? cells[nameColumn]?.Trim() ?? "" : "";
            var phone = phoneColumn < cells.Length ? cells[phoneColumn]?.Trim() ?? "" : "";
            if (name.Length == 0 && phone.Length == 0 && cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            rows.Add(new RosterLine(i + 1, name, phone));
        }

        return new RosterFileContent(rows, null);
    }

    /// <summary>RFC 4180: commas, quoted fields with doubled quotes, line breaks inside quotes, CRLF or LF.</summary>
    private static IEnumerable<string?[]> ParseCsv(string text)
    {
        var row = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    yield return row.ToArray();
                    row.Clear();
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row.ToArray();
        }
    }
}
