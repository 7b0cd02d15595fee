using Zhuji.Domain.Auditing;
using Microsoft.EntityFrameworkCore;
using System.Globalization;
using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Points;
using Zhuji.Domain.Privacy;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Files;

namespace Zhuji.Infrastructure.Privacy;

public sealed record PersonalProfileDto(string UserId, string DisplayName, string? OpenId, DateTime CreatedAt, DateTime? LastLoginAt, IReadOnlyList<string> Roles);

public sealed record PersonalRegistrationDto(
    string Name, string Phone, MemberType MemberType, string? WorkUnit, string Community, string Block, string Address, IReadOnlyList<string> Skills,
    RegistrationStatus Status, DateTime SubmittedAt, DateTime? DecidedAt, string? RejectReason);

public sealed record PersonalMemberDto(string MemberId, string Name, string Phone, MemberType MemberType, string Community, string Block, string? WorkUnit, DateTime FirstApprovedAt);

public sealed record PersonalClaimDto(string ClaimId, string Task, DateTime StartsAt, ClaimStatus Status, DateTime ClaimedAt, DateTime? CheckedInAt, DateTime? CheckedOutAt,
    DateTime? ServedAt, decimal? Hours, string? Content, string? Place, string? RejectReason);

public sealed record PersonalRecordDto(string RecordId, ServiceCategory Category, string Title, DateTime ServedAt, decimal Hours, string Content, int Flags, DateTime EnteredAt);

public sealed record PersonalFlagDto(string EntryId, DateTime ServedAt, string Title, ServiceCategory Category, FlagSource Source, FlagEntryKind Kind, int Flags, string? Reason, DateTime RecordedAt);

public sealed record PersonalPointsDto(string EntryId, DateTime At, PointsKind Kind, int Points);

public sealed record PersonalRedemptionDto(string RedemptionId, string Item, int Quantity, int Points, RedemptionStatus Status, DateTime CreatedAt);

public sealed record PersonalConsentDto(ConsentKind Kind, string Version, DateTime GivenAt, DateTime? WithdrawnAt);

public sealed record PersonalCertificateDto(string Serial, int Year, int Services, decimal Hours, int Flags, string Issuer, DateTime IssuedAt, bool Valid);

public sealed record PersonalLoginDto(DateTime At, string Method, bool Succeeded, string? Address);

public sealed record PersonalWaitlistDto(string Task, DateTime JoinedAt, WaitlistStatus Status, DateTime? EndedAt);

public sealed record PersonalNoticeDto(string Title, DateTime PublishedAt, DateTime? ReadAt);

public sealed record PersonalAppraisalDto(int Year, string Grade, string Comment, DateTime AppraisedAt);

public sealed record PersonalInvitationDto(string Task, string MatchedSkills, DateTime InvitedAt);

/// <summary>Everything the system holds about the caller (PIPL Art. 45), as his own copy.</summary>
public sealed record PersonalDataDto(
    DateTime GeneratedAt,
    string NoticeVersion,
    string Controller,
    PersonalProfileDto Profile,
    IReadOnlyList<PersonalRegistrationDto> Registrations,
    PersonalMemberDto? Member,
    IReadOnlyList<PersonalClaimDto> Claims,
    IReadOnlyList<PersonalRecordDto> Records,
    IReadOnlyList<PersonalFlagDto> Flags,
    IReadOnlyList<PersonalPointsDto> Points,
    IReadOnlyList<PersonalRedemptionDto> Redemptions,
    IReadOnlyList<PersonalConsentDto> Consents,
    IReadOnlyList<PersonalCertificateDto> Certificates,
    IReadOnlyList<PersonalLoginDto> Logins,
    IReadOnlyList<PersonalWaitlistDto>? Waitlist = null,
    IReadOnlyList<PersonalNoticeDto>? Notices = null,
    IReadOnlyList<PersonalAppraisalDto>? Appraisals = null,
    IReadOnlyList<PersonalInvitationDto>? Invitations = null);

/// <summary>Gathers a person's own data, and writes it as the workbook he downloads (one sheet a kind).</summary>
public static class PersonalData
{
    /// <summary>The latest logins shown (the audit keeps them for its retention period).</summary>
    public const int Logins = 200;

    public static async Task<PersonalDataDto> GatherAsync(ZhujiDbContext db, long userId, IReadOnlyList<string> roles, string controller, DateTime now, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken);
        var registrations = await (from r in db.Registrations.AsNoTracking()
                                   where r.UserId == userId
                                   join c in db.Communities on r.CommunityId equals c.Id
                                   join b in db.Blocks on r.BlockId equals b.Id
                                   join u in db.WorkUnits on r.WorkUnitId equals u.Id into units
                                   from u in units.DefaultIfEmpty()
                                   select new { r, Community = c.Name, Block = b.Name, WorkUnit = u == null ? null : u.Name }).ToListAsync(cancellationToken);
        var member = await (from m in db.Members.AsNoTracking()
                            where m.UserId == userId
                            join c in db.Communities on m.CommunityId equals c.Id
                            join b in db.Blocks on m.BlockId equals b.Id
                            join u in db.WorkUnits on m.WorkUnitId equals u.Id into units
                            from u in units.DefaultIfEmpty()
                            select new { m, Community = c.Name, Block = b.Name, WorkUnit = u == null ? null : u.Name }).SingleOrDefaultAsync(cancellationToken);
        var memberId = member?.m.Id ?? -1;
        var claims = await (from c in db.Claims.AsNoTracking()
                            where c.MemberId == memberId
                            join t in db.Tasks on c.TaskId equals t.Id
                            orderby c.Id
                            select new { c, t.Title, t.StartsAt }).ToListAsync(cancellationToken);
        var records = await db.ServiceRecords.AsNoTracking().Where(r => r.MemberId == memberId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var flags = await db.FlagEntries.AsNoTracking().Where(f => f.MemberId == memberId).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        var points = await db.PointsEntries.AsNoTracking().Where(p => p.MemberId == memberId).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var redemptions = await (from r in db.Redemptions.AsNoTracking()
                                 where r.MemberId == memberId
                                 join i in db.MallItems on r.ItemId equals i.Id
                                 orderby r.Id
                                 select new { r, i.Title }).ToListAsync(cancellationToken);
        var consents = await db.Consents.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.MemberId == memberId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var waitlist = await (from w in db.WaitlistEntries.AsNoTracking() where w.MemberId == memberId join t in db.Tasks on w.TaskId equals t.Id orderby w.Id
                              select new PersonalWaitlistDto(t.Title, w.JoinedAt, w.Status, w.EndedAt)).ToListAsync(cancellationToken);
        var notices = await (from r in db.NoticeRecipients.AsNoTracking() where r.MemberId == memberId join n in db.Notices on r.NoticeId equals n.Id orderby n.Id
                             select new PersonalNoticeDto(n.Title, n.PublishedAt, r.ReadAt)).ToListAsync(cancellationToken);
        var appraisals = (await db.Appraisals.AsNoTracking().Where(a => a.MemberId == memberId).OrderBy(a => a.Year).ToListAsync(cancellationToken))
            .Select(a => new PersonalAppraisalDto(a.Year, Domain.Members.Appraisal.NameOf(a.Grade), a.Comment, a.AppraisedAt)).ToList();
        var invitations = await (from i in db.TaskInvitations.AsNoTracking() where i.MemberId == memberId join t in db.Tasks on i.TaskId equals t.Id orderby i.Id
                                 select new PersonalInvitationDto(t.Title, i.MatchedSkills, i.InvitedAt)).ToListAsync(cancellationToken);
        var id = Id(userId);
        var logins = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == "User" && a.EntityId == id
                && (a.Action == AuditActions.LoginSucceeded || a.Action == AuditActions.LoginFailed))
            .OrderByDescending(a => a.Id).Take(Logins).ToListAsync(cancellationToken);

        return new PersonalDataDto(
            now,
            PrivacyNotice.Version,
            controller,
            new PersonalProfileDto(id, user.DisplayName, user.OpenId, user.CreatedAt, user.LastLoginAt, roles),
            registrations.Select(x => new PersonalRegistrationDto(x.r.Name, x.r.Phone, x.r.MemberType, x.WorkUnit, x.Community, x.Block, $"{x.r.Building}{x.r.Unit}{x.r.Room}",
                x.r.Skills, x.r.Status, x.r.SubmittedAt, x.r.DecidedAt, x.r.RejectReason)).ToList(),
            member is null ? null : new PersonalMemberDto(Id(member.m.Id), member.m.Name, member.m.Phone, member.m.MemberType, member.Community, member.Block, member.WorkUnit, member.m.FirstApprovedAt),
            claims.Select(x => new PersonalClaimDto(Id(x.c.Id), x.Title, x.StartsAt, x.c.Status, x.c.ClaimedAt, x.c.CheckedInAt, x.c.CheckedOutAt, x.c.ServedAt,
                x.c.Hours, x.c.Content, x.c.Place, x.c.RejectReason)).ToList(),
            records.Select(r => new PersonalRecordDto(Id(r.Id), r.Category, r.Title, r.ServedAt, r.Hours, r.Content, r.Flags, r.EnteredAt)).ToList(),
            flags.Select(f => new PersonalFlagDto(Id(f.Id), f.ServedAt, f.Title, f.Category, f.Source, f.Kind, f.Flags, f.Reason, f.RecordedAt)).ToList(),
            points.Select(p => new PersonalPointsDto(Id(p.Id), p.At, p.Kind, p.Points)).ToList(),
            redemptions.Select(x => new PersonalRedemptionDto(Id(x.r.Id), x.Title, x.r.Quantity, x.r.Points, x.r.Status, x.r.CreatedAt)).ToList(),
            consents.Select(c => new PersonalConsentDto(c.Kind, c.Version, c.GivenAt, c.WithdrawnAt)).ToList(),
            certificates.Select(c => new PersonalCertificateDto(c.Serial, c.Year, c.Services, c.Hours, c.Flags, c.Issuer, c.IssuedAt, c.Valid)).ToList(),
            logins.Select(a => new PersonalLoginDto(a.At, Method(a.After), a.Action == AuditActions.LoginSucceeded, a.Address)).ToList(),
            waitlist, notices, appraisals, invitations);
    }

    /// <summary>The same data as a workbook: a sheet for each kind, each printable.</summary>
    public static byte[] Workbook(PersonalDataDto data)
    {
        var generated = $"生成时间：{ShanghaiTime.Describe(data.GeneratedAt)}（北京时间）　个人信息处理者：{data.Controller}　隐私政策 {data.NoticeVersion} 版";
        PrintableSheet Sheet<T>(string name, string title, IReadOnlyList<T> rows, params (string Header, Func<T, object?> Value)[] columns) =>
            new(name, title, [generated], columns.Select(c => new SheetColumn(c.Header)).ToList(),
                rows.Select(r => columns.Select(c => c.Value(r) switch { DateTime d => ShanghaiTime.Describe(d), Enum e => Label(e), var v => v }).ToArray()).ToList(),
                [$"共 {rows.Count} 条。"], Signed: false);

        var p = data.Profile;
        return PrintableWorkbook.Write(
        [
            Sheet("账号", "我的账号", [p], ("用户 ID", x => x.UserId), ("昵称", x => x.DisplayName), ("微信标识（openid）", x => x.OpenId ?? "—"),
                ("注册时间", x => x.CreatedAt), ("最近登录", x => x.LastLoginAt), ("角色", x => string.Join("、", x.Roles))),
            Sheet("报到", "我的报到信息", data.Registrations, ("姓名", x => x.Name), ("手机号", x => x.Phone), ("类别", x => x.MemberType), ("单位", x => x.WorkUnit ?? "—"),
                ("社区", x => x.Community), ("小区", x => x.Block), ("住址", x => x.Address), ("特长", x => string.Join("、", x.Skills)), ("状态", x => x.Status),
                ("提交时间", x => x.SubmittedAt), ("审核时间", x => x.DecidedAt), ("退回原因", x => x.RejectReason)),
            Sheet("认领", "我认领的任务", data.Claims, ("任务", x => x.Task), ("开始时间", x => x.StartsAt), ("状态", x => x.Status), ("认领时间", x => x.ClaimedAt),
                ("签到", x => x.CheckedInAt), ("签退", x => x.CheckedOutAt), ("服务时间", x => x.ServedAt), ("时长（小时）", x => x.Hours), ("纪实", x => x.Content),
                ("地点", x => x.Place), ("驳回原因", x => x.RejectReason)),
            Sheet("补录服务", "社区补录的服务", data.Records, ("类别", x => x.Category), ("名称", x => x.Title), ("服务时间", x => x.ServedAt), ("时长（小时）", x => x.Hours),
                ("内容", x => x.Content), ("红旗", x => x.Flags), ("录入时间", x => x.EnteredAt)),
            Sheet("红旗", "我的红旗", data.Flags, ("服务时间", x => x.ServedAt), ("事项", x => x.Title), ("类别", x => x.Category), ("来源", x => x.Source),
                ("记录", x => x.Kind == FlagEntryKind.Award ? "亮旗" : "撤销"), ("红旗", x => x.Flags), ("原因", x => x.Reason), ("记录时间", x => x.RecordedAt)),
            Sheet("积分", "我的积分", data.Points, ("时间", x => x.At), ("类别", x => x.Kind), ("积分", x => x.Points)),
            Sheet("兑换", "我的积分兑换", data.Redemptions, ("商品", x => x.Item), ("数量", x => x.Quantity), ("积分", x => x.Points), ("状态", x => x.Status), ("时间", x => x.CreatedAt)),
            Sheet("授权", "我的同意与授权", data.Consents, ("事项", x => x.Kind == ConsentKind.Privacy ? "隐私政策" : "位置信息"), ("版本", x => x.Version),
                ("同意时间", x => x.GivenAt), ("撤回时间", x => x.WithdrawnAt)),
            Sheet("证明", "我的志愿服务证明", data.Certificates, ("编号", x => x.Serial), ("年度", x => x.Year), ("服务次数", x => x.Services), ("时长（小时）", x => x.Hours),
                ("红旗", x => x.Flags), ("出具单位", x => x.Issuer), ("出具时间", x => x.IssuedAt), ("有效", x => x.Valid ? "是" : "已被新证明替代")),
            Sheet("登录", $"我的登录记录（最近 {Logins} 次）", data.Logins, ("时间", x => x.At), ("方式", x => x.Method == "WeChat" ? "微信" : "密码"),
                ("结果", x => x.Succeeded ? "成功" : "失败"), ("来源地址", x => x.Address)),
            Sheet("候补", "我的候补", data.Waitlist ?? [], ("任务", x => x.Task), ("排队时间", x => x.JoinedAt), ("结果", x => x.Status), ("结束时间", x => x.EndedAt)),
            Sheet("通知", "我收到的通知", data.Notices ?? [], ("标题", x => x.Title), ("发送时间", x => x.PublishedAt), ("阅读时间", x => x.ReadAt)),
            Sheet("评议", "社区对我的年度评议", data.Appraisals ?? [], ("年度", x => x.Year), ("等次", x => x.Grade), ("评议意见", x => x.Comment), ("评议时间", x => x.AppraisedAt)),
            Sheet("邀请", "按技能邀请我的任务", data.Invitations ?? [], ("任务", x => x.Task), ("匹配技能", x => x.MatchedSkills), ("邀请时间", x => x.InvitedAt)),
        ]);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Label(Enum value) =>
        Labels.All.FirstOrDefault(t => t.Enum == value.GetType().Name).Names?.GetValueOrDefault(value.ToString()) ?? value.ToString();

    private static string Method(string? after) =>
        after is not null && System.Text.Json.JsonDocument.Parse(after).RootElement.TryGetProperty("method", out var method) ? method.GetString() ?? "" : "";
}
