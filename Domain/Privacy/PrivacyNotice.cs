namespace Zhuji.Domain.Privacy;

/// <summary>
/// The privacy notice (个人信息保护政策) a member reads before he registers, as PIPL Art. 17 asks: who handles his
/// information, for what, which, how long, with whom it is shared, his rights and how to use them. Versioned: a change of
/// what is said is a new <see cref="Version"/>, and consent is recorded per version. The controller, the contact and the
/// retention periods come from the deployment's configuration, so the notice says what this city does.
/// </summary>
public static class PrivacyNotice
{
    /// <summary>The version in force. Change it whenever <see cref="Text"/> says something new.</summary>
    public const string Version = "2026-12-06";

    public static string Text(string controller, string contact, int auditMonths, int serviceRecordYears) => $"""
        先锋微家个人信息保护政策（{Version} 版）

        一、个人信息处理者
        “先锋微家”小程序及其管理后台由{controller}（以下简称“我们”）负责运营和管理，是您个人信息的处理者。联系方式：{contact}。

        二、我们为什么处理您的个人信息
        1. 在职党员到居住地社区报到，社区党组织审核报到、安排服务；
        2. 发布、认领和认定志愿服务任务，记录服务时长，发放“红旗”和积分；
        3. 向您所在的工作单位党组织反馈您参与社区服务的情况，作为年度评议的参考；
        4. 出具志愿服务证明；保障系统安全、防止冒用。

        三、我们处理哪些个人信息
        1. 报到信息：姓名、手机号、党员类别（在职党员或居住地党员）、工作单位、居住的社区、小区及楼栋门牌、特长；
        2. 服务信息：认领的任务、服务纪实（文字和照片）、服务时长、红旗、积分及兑换记录；
        3. 账号信息：微信为小程序分配的标识（openid），登录时间和来源地址；
        4. 位置信息（敏感个人信息）：仅在您签到、签退时，且经您单独同意后，读取当时的位置，用于核实您在服务现场。
        党员身份属于政治面貌信息，我们仅在报到、审核和考核所需范围内使用。

        四、位置信息的单独同意
        位置信息属于敏感个人信息。我们只在签到、签退的那一刻读取一次位置，不持续追踪；您可以随时在“我的—隐私与授权”中撤回，撤回后仍可凭现场签到码签到，但设有签到范围的任务无法通过位置核验。

        五、谁能看到您的信息
        您报到的社区、小区党组织可以看到您的完整信息；您的工作单位党组织可以看到您的姓名、服务和红旗情况；市、镇街组织部门可以看到统计数据。其他人看到的手机号会隐去中间四位，姓名仅显示姓氏。我们不向任何第三方出售或提供您的个人信息；微信登录由腾讯公司按其规则处理。

        六、保存期限
        服务记录、红旗和志愿服务证明保存不少于{serviceRecordYears}年（《志愿服务记录与证明出具办法》及 GB/T 40143-2021）；登录、导出等安全审计记录保存{auditMonths}个月（《网络安全法》第二十一条要求不少于六个月）；期满后由系统自动清理。注销账号后，您的姓名、手机号、住址和微信标识立即删除，服务记录仅以“已注销用户”的名义保留统计数字。

        七、您的权利
        您可以随时在小程序中：查看和下载我们保存的您的全部个人信息（“我的—下载我的数据”）；更正报到信息；撤回位置信息授权；注销账号。对处理规则有疑问或投诉，请联系：{contact}。

        八、信息安全
        手机号和住址在数据库中加密保存；管理员登录需要密码（可加动态口令），每一次登录、导出和查看完整手机号都有审计记录。数据存储在中华人民共和国境内。
        """;
}
