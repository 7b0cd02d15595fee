using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Zhuji.Infrastructure.WeChat;

public enum WeChatMode
{
    /// <summary>HTTPS calls to WeChat.</summary>
    Live,

    /// <summary>No network: code <c>fake:&lt;openid&gt;</c> logs in as that openid. Refused in Production.</summary>
    Fake,
}

/// <summary><c>Zhuji:WeChat</c>.</summary>
public sealed class WeChatOptions
{
    public const string Section = "Zhuji:WeChat";

    /// <summary><c>Live</c> (HTTPS calls to WeChat) or <c>Fake</c> (no network: the code <c>fake:&lt;openid&gt;</c> logs in as that openid). Fake is refused in Production.</summary>
    public WeChatMode Mode { get; set; } = WeChatMode.Fake;

    /// <summary>WeChat's API, for Live mode.</summary>
    public string BaseUrl { get; set; } = "https://api.weixin.qq.com";

    /// <summary>The mini-program's AppId (Live mode).</summary>
    public string AppId { get; set; } = "";

    /// <summary>The mini-program's AppSecret (Live mode): a secret, from the environment or a secret store only.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>Per call to WeChat; a hanging WeChat must not hold a login for more than about 10 s.</summary>
    public int TimeoutSeconds { get; set; } = 8;

    /// <summary>The mini-program page a scanned community code opens (no leading slash, no query).</summary>
    public string RegisterPage { get; set; } = "pages/register/index";

    /// <summary><c>release</c>, <c>trial</c> or <c>develop</c>: which build a scanned code opens.</summary>
    public string EnvVersion { get; set; } = "release";

    /// <summary><c>formal</c>, <c>trial</c> or <c>developer</c>: which build a subscribe message opens.</summary>
    public string MiniProgramState { get; set; } = "formal";

    /// <summary>
    /// Subscribe-message templates by purpose (<see cref="Notifications.NotificationPurpose"/>): the template id
    /// chosen in the WeChat console and which of our fields fills each of its keys
    /// (<c>Zhuji:WeChat:Templates:TaskCancelled:Id</c>, <c>...:Fields:thing1=title</c>). A purpose without a
    /// template sends nothing.
    /// </summary>
    public Dictionary<string, SubscribeTemplate> Templates { get; set; } = [];

    /// <summary>
    /// The token set in the mini-program's 消息推送 settings: WeChat signs what it pushes to <c>/api/v1/wechat/push</c>
    /// (the image check's verdicts) with it. Unset: the push URL answers 404.
    /// </summary>
    public string? PushToken { get; set; }
}

public sealed class SubscribeTemplate
{
    public string Id { get; set; } = "";

    /// <summary>WeChat data key (<c>thing1</c>, <c>time2</c>…) → our field name (<c>title</c>, <c>time</c>…).</summary>
    public Dictionary<string, string> Fields { get; set; } = [];
}

internal sealed class WeChatOptionsValidator(IHostEnvironment environment) : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions options)
    {
        var failures = new List<string>();
        if (options.Mode == WeChatMode.Fake && environment.IsProduction())
        {
            failures.Add("Zhuji:WeChat:Mode=Fake is refused in the Production environment: set it to Live with the mini-program's AppId and AppSecret.");
        }

        if (options.Mode == WeChatMode.Live)
        {
            if (string.IsNullOrWhiteSpace(options.AppId) || string.IsNullOrWhiteSpace(options.AppSecret))
            {
                failures.Add("Zhuji:WeChat:AppId and Zhuji:WeChat:AppSecret are required in Live mode.");
            }

            if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
            {
                failures.Add("Zhuji:WeChat:BaseUrl must be an absolute URL.");
            }
        }

        if (options.TimeoutSeconds is < 1 or > 10)
        {
            failures.Add("Zhuji:WeChat:TimeoutSeconds must be between 1 and 10.");
        }

        if (options.EnvVersion is not ("release" or "trial" or "develop"))
        {
            failures.Add("Zhuji:WeChat:EnvVersion must be release, trial or develop.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
