using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Zhuji.Tests.Support;

/// <summary>An .xlsx read back as a person sees it: each sheet's cells as text by reference, and its print setup.</summary>
public sealed class PrintedWorkbook : IDisposable
{
    private readonly MemoryStream stream;
    private readonly SpreadsheetDocument document;

    public PrintedWorkbook(byte[] content)
    {
        stream = new MemoryStream(content);
        document = SpreadsheetDocument.Open(stream, false);
    }

    public IReadOnlyList<string> SheetNames =>
        document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();

    public Worksheet Sheet(string name)
    {
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!)).Worksheet;
    }

    public Worksheet Sheet(int index) => Sheet(SheetNames[index]);

    /// <summary>The print-title rows defined for a sheet, e.g. <c>'2025 年第 3 季度'!$4:$4</c>.</summary>
    public string? PrintTitles(int sheetIndex) =>
        document.WorkbookPart!.Workbook.DefinedNames?.Elements<DefinedName>()
            .SingleOrDefault(d => d.Name == "_xlnm.Print_Titles" && d.LocalSheetId?.Value == (uint)sheetIndex)?.Text;

    /// <summary>Every non-empty row: row number → the row's texts, one per column (empty string where blank).</summary>
    public static SortedDictionary<int, List<string>> Rows(Worksheet sheet)
    {
        var result = new SortedDictionary<int, List<string>>();
        foreach (var row in sheet.GetFirstChild<SheetData>()!.Elements<Row>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference!.Value!);
                while (cells.Count < column)
                {
                    cells.Add("");
                }

                cells.Add(cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? "");
            }

            result[(int)row.RowIndex!.Value] = cells;
        }

        return result;
    }

    /// <summary>Rows under the header row as dictionaries keyed by header, stopping at the first row without a number in column A.</summary>
    public static List<Dictionary<string, string>> Table(Worksheet sheet, int headerRow)
    {
        var rows = Rows(sheet);
        var header = rows[headerRow];
        var table = new List<Dictionary<string, string>>();
        foreach (var (_, cells) in rows.Where(r => r.Key > headerRow))
        {
            if (cells.Count == 0 || !int.TryParse(cells[0], out _))
            {
                break;
            }

            table.Add(header.Select((h, i) => (h, v: i < cells.Count ? cells[i] : "")).ToDictionary(x => x.h, x => x.v));
        }

        return table;
    }

    public void Dispose()
    {
        document.Dispose();
        stream.Dispose();
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (ch - 'A' + 1);
        }

        return index - 1;
    }
}
