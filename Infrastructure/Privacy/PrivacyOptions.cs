using System.ComponentModel.DataAnnotations;

namespace Zhuji.Infrastructure.Privacy;

/// <summary>The privacy notice's controller and contact (<c>Zhuji:Privacy</c>): what this deployment's notice says.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Zhuji:Privacy";

    /// <summary>The personal information handler (个人信息处理者) named in the privacy notice.</summary>
    [Required, StringLength(60, MinimumLength = 2)]
    public string Controller { get; set; } = "中共诸暨市委组织部";

    /// <summary>How a person reaches the controller about his information (phone, address or mailbox), shown in the notice.</summary>
    [Required, StringLength(200, MinimumLength = 2)]
    public string Contact { get; set; } = "小程序“建言献策”栏目，或所在社区党组织";
}

/// <summary>How long what is pruned is kept (<c>Zhuji:Retention</c>); service records, flags, points and certificates are never pruned.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Zhuji:Retention";

    /// <summary>Months the audit log (logins, exports, decisions) is kept before the retention job prunes it; at least 6 (Cybersecurity Law Art. 21).</summary>
    [Range(6, 1200)]
    public int AuditMonths { get; set; } = 12;

    /// <summary>Years the service records, flags and certificates are kept at least (stated in the notice; nothing prunes them); at least 10 (GB/T 40143-2021).</summary>
    [Range(10, 100)]
    public int ServiceRecordYears { get; set; } = 10;
}
