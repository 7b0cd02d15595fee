using MiniExcelLibs;
using Zhuji.Infrastructure.Compliance;

namespace Zhuji.Infrastructure.Files;

/// <summary>The .xlsx a work unit receives: one row per person, flags by month and quarter, total and result.</summary>
public static class ReportWorkbook
{
    public static readonly string[] MonthHeaders = Enumerable.Range(1, 12).Select(m => $"{m}月").ToArray();
    public static readonly string[] QuarterHeaders = ["一季度", "二季度", "三季度", "四季度"];

    public static byte[] Write(IEnumerable<RollRow> rows)
    {
        var sheet = rows.Select(r =>
        {
            var row = new Dictionary<string, object?>
            {
                ["姓名"] = r.Name,
                ["手机号"] = r.Phone,
                ["报到状态"] = StatusText(r.RegistrationStatus),
                ["是否在名册"] = r.InRoster ? "是" : "否",
            };
            for (var m = 0; m < 12; m++)
            {
                row[MonthHeaders[m]] = r.FlagsByMonth[m];
            }

            for (var q = 0; q < 4; q++)
            {
                row[QuarterHeaders[q]] = r.FlagsByQuarter[q];
            }

            row["全年合计"] = r.Total;
            row["是否达标"] = r.Compliant switch { true => "达标", false => "不达标", null => "不参与考核" };
            return row;
        }).ToList();

        using var stream = new MemoryStream();
        stream.SaveAs(sheet, sheetName: "党员亮旗情况", excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static string StatusText(RollRegistrationStatus status) => status switch
    {
        RollRegistrationStatus.Approved => "已报到",
        RollRegistrationStatus.Pending => "待审核",
        RollRegistrationStatus.Rejected => "已退回",
        _ => "未报到",
    };
}
