using System.Globalization;
using System.Net;
using Zhuji.Domain.Common;

namespace Zhuji.Api.Features.Certificates;

/// <summary>The verification as a phone's browser shows it after scanning the certificate's QR: no script, every value encoded.</summary>
internal static class VerificationPage
{
    /// <summary>The page's Content-Security-Policy: nothing loads, its own inline style only.</summary>
    public const string Policy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private static string E(object value) => WebUtility.HtmlEncode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");

    /// <summary>What a phone that scanned a code shows when no certificate has the serial (a forged or mistyped code).</summary>
    public static string NotFound(string serial) => $"""
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>志愿服务证明核验</title>
        <style>body{"{"}font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f6f2f2;color:#222{"}"}
        main{"{"}max-width:420px;margin:24px auto;background:#fff;border-top:4px solid #b71c1c;padding:20px 24px{"}"}
        h1{"{"}font-size:20px;color:#b71c1c;margin:0 0 12px{"}"} p.v{"{"}font-weight:600;color:#b71c1c{"}"}</style></head>
        <body><main><h1>志愿服务证明核验</h1><p class="v">未找到编号为 {E(serial.Length > 40 ? serial[..40] : serial)} 的志愿服务证明</p>
        <p>请核对证明上的编号，或直接扫描证明上的二维码。该证明可能并非本系统出具；如有疑问，请联系出具证明的社区。</p></main></body></html>
        """;

    public static string Render(CertificateVerificationDto c)
    {
        var (verdict, colour) = c.Valid ? ("证明有效", "#1b7f3b") : ("该证明已被新证明取代，所载数据不再有效", "#b71c1c");
        var issued = ShanghaiTime.ToShanghai(c.IssuedAt).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        return $"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>志愿服务证明核验</title>
            <style>body{"{"}font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f6f2f2;color:#222{"}"}
            main{"{"}max-width:420px;margin:24px auto;background:#fff;border-top:4px solid #b71c1c;padding:20px 24px{"}"}
            h1{"{"}font-size:20px;color:#b71c1c;margin:0 0 12px{"}"} p.v{"{"}font-weight:600;color:{colour}{"}"}
            th{"{"}text-align:left;color:#666;font-weight:400;padding:6px 12px 6px 0{"}"} td{"{"}padding:6px 0{"}"}</style></head>
            <body><main><h1>志愿服务证明核验</h1><p class="v">{E(verdict)}</p>
            <table><tr><th>证书编号</th><td>{E(c.Serial)}</td></tr><tr><th>姓名</th><td>{E(c.Name)}</td></tr>
            <tr><th>证件</th><td>{E(string.IsNullOrEmpty(c.IdType) ? "未载证件" : $"{c.IdType} {c.IdNumber}")}</td></tr>
            <tr><th>服务期间</th><td>{E(c.FromYear is 0 || c.FromYear == c.Year ? $"{c.Year} 年度" : $"{c.FromYear}—{c.Year} 年")}</td></tr><tr><th>服务次数</th><td>{E(c.Services)} 次</td></tr>
            <tr><th>服务时长</th><td>{E(c.Hours.ToString("0.#", CultureInfo.InvariantCulture))} 小时</td></tr><tr><th>获得红旗</th><td>{E(c.Flags)} 面</td></tr>
            <tr><th>志愿者星级</th><td>{E(string.IsNullOrEmpty(c.StarName) ? "—" : c.StarName)}</td></tr>
            <tr><th>出具单位</th><td>{E(c.Issuer)}</td></tr><tr><th>经办人</th><td>{E(string.IsNullOrEmpty(c.Handler) ? "—" : c.Handler)}</td></tr><tr><th>出具日期</th><td>{E(issued)}</td></tr></table></main></body></html>
            """;
    }
}
