using System.Text.Json;
using Zhuji.Domain.Auditing;

namespace Zhuji.Domain.Tests;

/// <summary>The audit page and its export say what changed as an official reads it: Chinese, Beijing time, nothing empty.</summary>
public class AuditTextTests
{
    [Test]
    public void ChangesReadInChineseWithNamesAndBeijingTime()
    {
        static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
        var text = AuditText.Describe(Json("""{"status":"Pending"}"""), Json("""{"status":"Approved","memberId":5,"reason":null,"until":"2026-05-06T02:30:00Z"}"""));
        var login = AuditText.Describe(null, Json("""{"method":"WeChat","username":null,"refusal":null}"""));
        var export = AuditText.Describe(null, Json("""{"list":"社区党员名单","unmaskedPhones":true,"query":{"q":"139****0001","format":"xlsx"}}"""));
        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo("状态：待审核 → 已通过；党员：5；至：2026年5月6日 10:30"));
            Assert.That(login, Is.EqualTo("方式：微信"));
            Assert.That(export, Is.EqualTo("名单：社区党员名单；完整手机号：是；条件：搜索 139****0001，格式 Excel"));
            Assert.That(text + login + export, Does.Not.Contain("undefined").And.Not.Contain("null"));
        });
    }
}
