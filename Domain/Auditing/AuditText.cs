using System.Text.Json;
using Zhuji.Domain.Common;

namespace Zhuji.Domain.Auditing;

/// <summary>
/// What an audit entry changed, as an official reads it on screen and on paper: "状态：待审核 → 已通过；红旗：2", Chinese
/// field names, enum values by their Chinese names, times in Beijing time, nothing empty.
/// </summary>
public static class AuditText
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["status"] = "状态", ["name"] = "名称", ["reason"] = "原因", ["flags"] = "红旗", ["title"] = "标题", ["streetId"] = "街道", ["username"] = "账号",
        ["memberId"] = "党员", ["servedAt"] = "服务时间", ["method"] = "方式", ["refusal"] = "原因", ["list"] = "名单", ["file"] = "文件",
        ["unmaskedPhones"] = "完整手机号", ["phones"] = "完整手机号条数", ["query"] = "条件", ["kind"] = "事项", ["version"] = "版本", ["format"] = "格式",
        ["releasedClaims"] = "释放的认领", ["totpEnabled"] = "动态口令", ["unmasked"] = "完整手机号", ["q"] = "搜索", ["missing"] = "未同意", ["year"] = "年度",
        ["blockId"] = "小区", ["communityId"] = "社区", ["userId"] = "用户", ["role"] = "角色", ["scopeId"] = "范围", ["disabled"] = "停用",
        ["wrongCodesOnClaim"] = "本认领错码次数", ["wrongCodesOnTask"] = "本任务错码次数", ["until"] = "至", ["wholeTask"] = "整个任务",
        ["imported"] = "新增", ["updated"] = "更新", ["unchanged"] = "未变", ["removed"] = "移除", ["rejected"] = "无效行", ["replace"] = "整表替换",
        ["hours"] = "时长", ["content"] = "内容", ["slots"] = "名额", ["startsAt"] = "开始时间", ["endsAt"] = "结束时间", ["points"] = "积分",
        ["before"] = "截止", ["auditEntries"] = "审计记录", ["months"] = "保存月数", ["taskId"] = "任务", ["quantity"] = "数量", ["code"] = "兑换码",
    };

    private static readonly Dictionary<string, string> Words = new()
    {
        ["WeChat"] = "微信", ["Password"] = "密码", ["true"] = "是", ["false"] = "否", ["Privacy"] = "隐私政策", ["Location"] = "位置信息",
        ["json"] = "JSON", ["xlsx"] = "Excel",
    };

    private static readonly Dictionary<string, string> Enums = Labels.All
        .SelectMany(t => t.Names)
        .GroupBy(n => n.Key)
        .ToDictionary(g => g.Key, g => g.First().Value);

    public static string Describe(JsonElement? before, JsonElement? after)
    {
        var was = Properties(before);
        var now = Properties(after);
        var parts = new List<string>();
        foreach (var key in was.Keys.Union(now.Keys))
        {
            var b = was.GetValueOrDefault(key);
            var a = now.GetValueOrDefault(key);
            if (b is null && a is null)
            {
                continue;
            }

            var label = Fields.GetValueOrDefault(key, key);
            parts.Add(b is not null && a is not null && b != a ? $"{label}：{b} → {a}" : $"{label}：{a ?? b}");
        }

        return string.Join("；", parts);
    }

    private static Dictionary<string, string?> Properties(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } e
            ? e.EnumerateObject().ToDictionary(p => p.Name, p => Show(p.Value))
            : [];

    private static string? Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String when value.TryGetDateTime(out var at) && value.GetString()!.Length >= 19 => ShanghaiTime.Describe(at.ToUniversalTime()),
        JsonValueKind.String => Word(value.GetString()!),
        JsonValueKind.Object => string.Join("，", value.EnumerateObject().Select(p => (p.Name, Value: Show(p.Value))).Where(p => p.Value is not null)
            .Select(p => $"{Fields.GetValueOrDefault(p.Name, p.Name)} {p.Value}")) is { Length: > 0 } inner ? inner : null,
        JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(Show).Where(v => v is not null)),
        _ => value.GetRawText(),
    };

    private static string Word(string text) =>
        Words.TryGetValue(text, out var word) ? word : Enums.TryGetValue(text, out var name) ? name : text;
}
