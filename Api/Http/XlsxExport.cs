using Microsoft.AspNetCore.Http.HttpResults;
using Zhuji.Domain.Common;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Files;

namespace Zhuji.Api.Http;

/// <summary>A column of an exported list: its zh-CN header and how a row fills it; a phone column is masked unless asked otherwise.</summary>
public sealed record ExportColumn<T>(string Header, Func<T, object?> Value, CellKind Kind = CellKind.Text, bool IsPhone = false)
{
    /// <summary>A phone number: 139****0001 in the workbook unless the export was asked with <c>?unmasked=true</c>.</summary>
    public static ExportColumn<T> Phone(Func<T, string?> value) => new("手机号", value, IsPhone: true);
}

/// <summary>
/// <c>?format=xlsx</c> on a list: the same rows as the pages would give, all of them (up to <see cref="MaxRows"/>), as a
/// printable workbook (A4 landscape, header on every page, Shanghai time of export).
/// </summary>
public static class XlsxExport
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const int MaxRows = 100_000;
    private const int Chunk = 500;

    /// <summary>null or <c>json</c>: the page; <c>xlsx</c>: the workbook; anything else is refused.</summary>
    public static bool TryRead(string? format, out bool xlsx)
    {
        xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        return xlsx || format is null || string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
    }

    public const string BadFormat = "format 只能为 xlsx（导出全部记录）或省略";

    /// <summary>The list answers its page as JSON, or with <c>?format=xlsx</c> the workbook.</summary>
    public static RouteHandlerBuilder ExportsXlsx<T>(this RouteHandlerBuilder builder) =>
        builder.Produces<Page<T>>(StatusCodes.Status200OK, "application/json", ContentType);

    public static async Task<FileContentHttpResult> AllAsync<T>(
        Func<PageRequest, Task<Page<T>>> fetch, string title, string fileName, IReadOnlyList<ExportColumn<T>> columns, DateTime now, string? subtitle = null, bool unmaskedPhones = false)
    {
        if (!unmaskedPhones && columns.Any(c => c.IsPhone))
        {
            columns = columns.Select(c => c.IsPhone ? c with { Value = row => c.Value(row) is string phone ? PhoneNumber.Mask(phone) : null } : c).ToList();
        }

        var rows = new List<T>();
        var page = new PageRequest(Chunk, null);
        while (true)
        {
            var fetched = await fetch(page);
            rows.AddRange(fetched.Items);
            if (fetched.NextCursor is null || rows.Count >= MaxRows || !PageRequest.TryCreate(null, fetched.NextCursor, out var next, out _))
            {
                break;
            }

            page = next with { Limit = Chunk };
        }

        var cut = rows.Count > MaxRows;
        var subtitles = new List<string>();
        if (subtitle is not null)
        {
            subtitles.Add(subtitle);
        }

        subtitles.Add($"导出时间：{ShanghaiTime.Describe(now)}（北京时间）　共 {Math.Min(rows.Count, MaxRows)} 条" + (cut ? $"（仅导出前 {MaxRows} 条，请缩小筛选范围）" : "")
            + (columns.Any(c => c.IsPhone) ? unmaskedPhones ? "　含完整手机号，请妥善保管，用后销毁" : "　手机号已隐去中间四位" : ""));
        var data = rows.Take(MaxRows).Select((row, i) => columns.Select(c => c.Value(row)).Prepend(i + 1).ToArray()).ToList();
        var sheet = new PrintableSheet("导出", title, subtitles,
            columns.Select(c => new SheetColumn(c.Header, c.Kind)).Prepend(new SheetColumn("序号", CellKind.Number)).ToList(),
            data, [$"共 {data.Count} 条。"], FrozenColumns: 2);
        return TypedResults.File(PrintableWorkbook.Write([sheet]), ContentType, $"{fileName}-{ShanghaiTime.ToShanghai(now):yyyyMMdd}.xlsx");
    }
}
