using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Zhuji.Infrastructure.Files;

public enum CellKind
{
    Text,
    Number,
    Percent,
}

/// <summary>A column of a printed sheet: its header and how its cells are written.</summary>
public sealed record SheetColumn(string Header, CellKind Kind = CellKind.Text);

/// <summary>
/// One sheet as a person prints and files it: a title block, the header row, the rows, a summary under them and,
/// unless <see cref="Signed"/> is off, the lines an office signs and stamps (制表人, 审核人, 盖章, 日期).
/// <see cref="FrozenColumns"/> columns (the names) stay in view while scrolling right.
/// </summary>
public sealed record PrintableSheet(
    string Name,
    string Title,
    IReadOnlyList<string> Subtitles,
    IReadOnlyList<SheetColumn> Columns,
    IReadOnlyList<object?[]> Rows,
    IReadOnlyList<string> Summary,
    int FrozenColumns = 1,
    bool Signed = true)
{
    /// <summary>What a printed paper is signed and stamped on, under its summary.</summary>
    public const string SignatureLine = "制表人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　单位（盖章）：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日";
}

/// <summary>
/// Writes .xlsx that print and file (A4 landscape, one page wide, the header row repeated on every page, the name
/// column and header frozen, widths fitted to the content, page numbers in the footer), with the Open XML SDK:
/// MiniExcel streams data well but writes no print setup.
/// </summary>
public static class PrintableWorkbook
{
    private const uint TitleStyle = 1, SubtitleStyle = 2, HeaderStyle = 3, TextStyle = 4, NumberStyle = 5, PercentStyle = 6, SummaryStyle = 7;

    /// <summary>The 1-based row the header is on: after the title and subtitles and a blank line.</summary>
    public static int HeaderRow(PrintableSheet sheet) => sheet.Subtitles.Count + 3;

    public static byte[] Write(IReadOnlyList<PrintableSheet> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            AddStyles(workbookPart);
            var sheetList = workbookPart.Workbook.AppendChild(new Sheets());
            var names = new DefinedNames();
            for (var i = 0; i < sheets.Count; i++)
            {
                var sheet = sheets[i];
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = Build(sheet);
                var name = SheetName(sheet.Name, sheetList);
                sheetList.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = name });
                var header = HeaderRow(sheet);
                names.Append(new DefinedName($"'{name}'!${header}:${header}") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
            }

            workbookPart.Workbook.Append(names);
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Worksheet Build(PrintableSheet sheet)
    {
        var header = HeaderRow(sheet);
        var columns = sheet.Columns.Count;
        var lastColumn = ColumnName(columns);
        var widths = Widths(sheet);
        var sheetWidth = widths.Elements<Column>().Sum(c => c.Width!.Value);
        var data = new SheetData();
        var row = 1u;
        data.Append(TextRow(row++, [sheet.Title], TitleStyle));
        foreach (var subtitle in sheet.Subtitles)
        {
            data.Append(Wrapped(TextRow(row++, [subtitle], SubtitleStyle), subtitle, sheetWidth, lineHeight: 14));
        }

        row++;
        data.Append(TextRow((uint)header, sheet.Columns.Select(c => c.Header).ToArray(), HeaderStyle));
        row = (uint)header + 1;
        foreach (var values in sheet.Rows)
        {
            var cells = new Row { RowIndex = row };
            for (var c = 0; c < columns; c++)
            {
                cells.Append(Cell(c, row, c < values.Length ? values[c] : null, sheet.Columns[c].Kind));
            }

            data.Append(cells);
            row++;
        }

        var summaryStart = row + 1;
        foreach (var line in sheet.Signed ? [.. sheet.Summary, "", PrintableSheet.SignatureLine] : sheet.Summary)
        {
            data.Append(Wrapped(TextRow(++row, [line], SummaryStyle), line, sheetWidth, lineHeight: line.Length == 0 ? 8 : 16));
        }

        var merges = new MergeCells();
        for (var r = 1u; r < header - 1; r++)
        {
            merges.Append(new MergeCell { Reference = $"A{r}:{lastColumn}{r}" });
        }

        for (var r = summaryStart; r <= row; r++)
        {
            merges.Append(new MergeCell { Reference = $"A{r}:{lastColumn}{r}" });
        }

        var worksheet = new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetViews(new SheetView(
                new Pane
                {
                    HorizontalSplit = sheet.FrozenColumns,
                    VerticalSplit = header,
                    TopLeftCell = $"{ColumnName(sheet.FrozenColumns + 1)}{header + 1}",
                    ActivePane = PaneValues.BottomRight,
                    State = PaneStateValues.Frozen,
                })
            { WorkbookViewId = 0 }),
            new SheetFormatProperties { DefaultRowHeight = 18 },
            widths,
            data);
        if (merges.HasChildren)
        {
            worksheet.Append(merges);
        }

        worksheet.Append(
            new PrintOptions { HorizontalCentered = true },
            new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 },
            new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 },
            new HeaderFooter(new OddFooter("&C第 &P 页，共 &N 页")));
        return worksheet;
    }

    /// <summary>
    /// A merged line of text (a subtitle, a summary) wider than the sheet wraps inside it: the row is made tall enough
    /// for its lines, so nothing is cut off on a narrow sheet.
    /// </summary>
    private static Row Wrapped(Row row, string text, double sheetWidth, double lineHeight)
    {
        var lines = Math.Max(1, (int)Math.Ceiling(DisplayWidth(text) / Math.Max(10, sheetWidth - 2)));
        if (lines > 1)
        {
            row.Height = lines * lineHeight + 2;
            row.CustomHeight = true;
        }

        return row;
    }

    /// <summary>Each column as wide as its widest cell (a Chinese character counts as two), within sensible bounds.</summary>
    private static Columns Widths(PrintableSheet sheet)
    {
        var result = new Columns();
        for (var c = 0; c < sheet.Columns.Count; c++)
        {
            var widest = sheet.Rows.Select(r => c < r.Length ? DisplayWidth(Text(r[c], sheet.Columns[c].Kind)) : 0)
                .Append(DisplayWidth(sheet.Columns[c].Header)).Max();
            var width = Math.Clamp(widest + 2.5, 5, 40);
            result.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = width, CustomWidth = true });
        }

        return result;
    }

    private static double DisplayWidth(string text) => text.Sum(ch => ch > 0x2E80 ? 2.1 : 1.1);

    private static string Text(object? value, CellKind kind) => value switch
    {
        null => "",
        double d when kind == CellKind.Percent => d.ToString("0.0%", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static Row TextRow(uint index, string[] texts, uint style)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < texts.Length; c++)
        {
            row.Append(new Cell
            {
                CellReference = $"{ColumnName(c + 1)}{index}",
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(texts[c])),
                StyleIndex = style,
            });
        }

        return row;
    }

    private static Cell Cell(int column, uint row, object? value, CellKind kind)
    {
        var reference = $"{ColumnName(column + 1)}{row}";
        return value switch
        {
            null => new Cell { CellReference = reference, StyleIndex = TextStyle },
            int or long or double or decimal when kind != CellKind.Text => new Cell
            {
                CellReference = reference,
                DataType = CellValues.Number,
                CellValue = new CellValue(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                StyleIndex = kind == CellKind.Percent ? PercentStyle : NumberStyle,
            },
            _ => new Cell
            {
                CellReference = reference,
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(Text(value, kind))),
                StyleIndex = TextStyle,
            },
        };
    }

    /// <summary>1 → A, 27 → AA.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26)
        {
            name = (char)('A' + (column - 1) % 26) + name;
        }

        return name;
    }

    /// <summary>Excel's sheet names: at most 31 characters, none of []:*?/\, unique in the workbook.</summary>
    private static string SheetName(string wanted, Sheets existing)
    {
        var clean = new string(wanted.Where(c => !"[]:*?/\\'".Contains(c)).ToArray());
        clean = clean.Length > 28 ? clean[..28] : clean;
        var taken = existing.Elements<Sheet>().Select(s => s.Name?.Value).ToHashSet();
        var name = clean;
        for (var n = 2; taken.Contains(name); n++)
        {
            name = $"{clean}({n})";
        }

        return name;
    }

    private static void AddStyles(WorkbookPart workbookPart)
    {
        var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
        var thin = new Border(
            new LeftBorder(new Color { Rgb = "FF9E9E9E" }) { Style = BorderStyleValues.Thin },
            new RightBorder(new Color { Rgb = "FF9E9E9E" }) { Style = BorderStyleValues.Thin },
            new TopBorder(new Color { Rgb = "FF9E9E9E" }) { Style = BorderStyleValues.Thin },
            new BottomBorder(new Color { Rgb = "FF9E9E9E" }) { Style = BorderStyleValues.Thin },
            new DiagonalBorder());
        stylesPart.Stylesheet = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0%" }) { Count = 1 },
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
                new Font(new Bold(), new FontSize { Val = 16 }, new FontName { Val = "宋体" }),
                new Font(new FontSize { Val = 10 }, new Color { Rgb = "FF424242" }, new FontName { Val = "宋体" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }))
            { Count = 4 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE8EEF7" }) { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2 },
            new CellStyleFormats(new CellFormat()) { Count = 1 },
            new CellFormats(
                new CellFormat(),
                new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center }) { FontId = 1, ApplyFont = true, ApplyAlignment = true },
                new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Left, Vertical = VerticalAlignmentValues.Top, WrapText = true }) { FontId = 2, ApplyFont = true, ApplyAlignment = true },
                new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true })
                { FontId = 3, FillId = 2, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Center }) { BorderId = 1, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center }) { BorderId = 1, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center }) { BorderId = 1, NumberFormatId = 164, ApplyBorder = true, ApplyNumberFormat = true, ApplyAlignment = true },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = true }) { FontId = 3, ApplyFont = true, ApplyAlignment = true })
            { Count = 8 });
        stylesPart.Stylesheet.Save();
    }
}
