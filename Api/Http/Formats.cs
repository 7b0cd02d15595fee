using Zhuji.Domain.Common;

namespace Zhuji.Api.Http;

/// <summary>How times read in messages to people (WeChat's <c>time</c> fields: <c>2026年10月1日 15:01</c>).</summary>
public static class Formats
{
    public static string WeChatTime(DateTime utc) => ShanghaiTime.Describe(utc);
}
