using FluentValidation;
using Zhuji.Api.Http;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Tasks;

namespace Zhuji.Api.Features.Tasks;

public sealed record ShiftRequest(DateTime? StartsAt, DateTime? EndsAt, int? Slots);

/// <summary>A circle around the site: <c>{latitude, longitude, radiusMeters}</c> (GCJ-02, as the phone's <c>wx.getLocation</c> gives).</summary>
public sealed record GeofenceRequest(double? Latitude, double? Longitude, int? RadiusMeters);

public sealed record GeofenceDto(double Latitude, double Longitude, int RadiusMeters);

/// <summary>A task as its publisher writes it (no ids, no counts).</summary>
public sealed record PublishTaskRequest(
    TaskTier? Tier,
    string? ScopeId,
    ServiceCategory? Category,
    string? Title,
    string? Description,
    string? Location,
    DateTime? StartsAt,
    DateTime? EndsAt,
    int? Slots,
    int? Flags,
    KnowledgeType? KnowledgeType,
    IReadOnlyList<string>? Skills,
    bool? AllowGroupClaims,
    IReadOnlyList<ShiftRequest>? Shifts,
    bool? CheckInRequired = null,
    GeofenceRequest? Geofence = null,
    RecurrenceRequest? Recurrence = null) : ITaskFields;

/// <summary>
/// 周期任务: <c>{frequency: Daily|Weekly, daysOfWeek?: [Monday…], until: "yyyy-MM-dd"}</c> (Shanghai dates; weekly
/// without days repeats on the first occurrence's weekday). Each occurrence is a task of its own.
/// </summary>
public sealed record RecurrenceRequest(RecurrenceFrequency? Frequency, IReadOnlyList<DayOfWeek>? DaysOfWeek, DateOnly? Until);

public sealed record CancelTaskRequest(string? Reason);

/// <summary>
/// The task as its publisher corrects it before it starts: every field it may change, sent whole. Tier, scope,
/// kind and shifts stay; a task with shifts keeps its times and places.
/// </summary>
public sealed record UpdateTaskRequest(
    string? Title,
    string? Description,
    string? Location,
    DateTime? StartsAt,
    DateTime? EndsAt,
    int? Slots,
    int? Flags,
    KnowledgeType? KnowledgeType,
    IReadOnlyList<string>? Skills,
    bool? AllowGroupClaims,
    bool? CheckInRequired = null,
    GeofenceRequest? Geofence = null) : ITaskFields;

/// <summary>What publishing a task and correcting it both write, checked by the same rules (<see cref="TaskFieldsValidator"/>).</summary>
public interface ITaskFields
{
    string? Title { get; }
    string? Description { get; }
    string? Location { get; }
    DateTime? StartsAt { get; }
    DateTime? EndsAt { get; }
    int? Slots { get; }
    int? Flags { get; }
    KnowledgeType? KnowledgeType { get; }
    IReadOnlyList<string>? Skills { get; }
    GeofenceRequest? Geofence { get; }
}

public sealed record ShiftDto(string Id, DateTime StartsAt, DateTime EndsAt, int Slots, int ClaimedCount);

/// <summary>
/// A task. <c>open</c>: published and not started (a task with shifts: one of its shifts not started), so a member
/// can still claim it if places remain; <c>remaining</c>: free places now (over the shifts not started; 0 when not
/// open); <c>cancelReason</c>: why the publisher cancelled it.
/// </summary>
public sealed record TaskDto(
    string Id,
    TaskTier Tier,
    string? ScopeId,
    ServiceCategory Category,
    string Title,
    string Description,
    string Location,
    DateTime StartsAt,
    DateTime EndsAt,
    int Slots,
    int Flags,
    KnowledgeType KnowledgeType,
    IReadOnlyList<string> Skills,
    bool AllowGroupClaims,
    VolunteerTaskStatus Status,
    int ClaimedCount,
    IReadOnlyList<ShiftDto> Shifts,
    DateTime PublishedAt,
    string? WishId,
    bool? ClaimedByMe,
    bool Open,
    int Remaining,
    string? CancelReason,
    bool CheckInRequired,
    GeofenceDto? Geofence,
    string? SeriesId = null,
    [property: System.ComponentModel.Description("邀请我的专业型任务（按技能邀请）：排在任务列表首页最前")] bool Invited = false);

/// <summary><c>{shiftId?}</c>, or for a help-group leader <c>{shiftId?, helpGroupId, memberIds}</c>.</summary>
public sealed record GrabRequest(string? ShiftId, string? HelpGroupId, IReadOnlyList<string>? MemberIds);

public sealed record ServiceRecordDto(DateTime ServedAt, decimal Hours, string Content, string Place, IReadOnlyList<string> PhotoUrls);

public sealed record ClaimDto(
    string Id,
    string TaskId,
    string? ShiftId,
    string MemberId,
    ClaimStatus Status,
    DateTime ClaimedAt,
    string? HelpGroupId,
    ServiceRecordDto? Record,
    string? RejectReason,
    DateTime? DecidedAt,
    string? TaskTitle,
    ServiceCategory? Category,
    DateTime? TaskStartsAt,
    AttendanceDto? Attendance = null,
    [property: System.ComponentModel.Description("自主申报（党员自己申报的任务之外的服务）")] bool Reported = false);

/// <summary>On site: when he checked in and out with the organiser's code, the hours that made, and whether the day was long (over 8 hours).</summary>
public sealed record AttendanceDto(DateTime? CheckedInAt, DateTime? CheckedOutAt, decimal? Hours, bool NeedsReview, bool LateCheckOut = false);

/// <summary>
/// 守约记录: places taken (not counting those let go early), served (confirmed), not come to, let go within 2 hours of the
/// start; <c>summary</c> says it in one line, <c>doubtful</c> when he missed or let go late twice or more. Never changes flags.
/// </summary>
public sealed record ReliabilityDto(int Claims, int Served, int NoShows, int CancelledLate, string Summary, bool Doubtful)
{
    public static ReliabilityDto Of(Reliability r) => new(r.Claims, r.Served, r.NoShows, r.CancelledLate, r.Describe(), r.Doubtful);
}

public sealed record GroupClaimResponse(IReadOnlyList<ClaimDto> Claims);

/// <summary>A claim as the task's admins see it: who took it (phone masked outside his scope) and what he recorded.</summary>
public sealed record TaskClaimDto(
    string Id,
    string? ShiftId,
    string MemberId,
    string MemberName,
    string MemberPhone,
    ClaimStatus Status,
    DateTime ClaimedAt,
    ServiceRecordDto? Record,
    string? RejectReason,
    AttendanceDto? Attendance,
    ReliabilityDto? Reliability = null);

public sealed record RecordRequest(DateTime? ServedAt, decimal? Hours, string? Content, string? Place, IReadOnlyList<string>? PhotoUrls);

/// <summary>Attendance the admin takes on site for a member without a phone: it stands as the record.</summary>
public sealed record AttendanceRequest(DateTime? ServedAt, decimal? Hours, string? Content, string? Place);

/// <summary>
/// <c>{flags?, record?, reason?}</c>: the flags (default the task's), the admin's attendance record when the
/// member gave none, and the reason the city gives when it corrects a closed year.
/// </summary>
public sealed record ConfirmRequest(int? Flags, AttendanceRequest? Record, string? Reason);

public sealed record RejectClaimRequest(string? Reason);

internal sealed class TaskFieldsValidator : AbstractValidator<ITaskFields>
{
    public TaskFieldsValidator()
    {
        RuleFor(r => r.Title).RequiredText("标题", VolunteerTask.MaxTitle);
        RuleFor(r => r.Description).OptionalText("说明", VolunteerTask.MaxDescription);
        RuleFor(r => r.Location).RequiredText("地点", 100);
        RuleFor(r => r.StartsAt).NotNull().WithMessage("开始时间不能为空");
        RuleFor(r => r.EndsAt).NotNull().WithMessage("结束时间不能为空")
            .GreaterThan(r => r.StartsAt).When(r => r.StartsAt is not null, ApplyConditionTo.CurrentValidator).WithMessage("结束时间须晚于开始时间");
        RuleFor(r => r.Slots).NotNull().WithMessage("所需人数不能为空")
            .InclusiveBetween(1, VolunteerTask.MaxSlots).WithMessage($"所需人数须在 1 到 {VolunteerTask.MaxSlots} 之间");
        RuleFor(r => r.Flags).NotNull().WithMessage("可获得旗数不能为空")
            .InclusiveBetween(VolunteerTask.MinFlags, VolunteerTask.MaxFlags).WithMessage($"可获得旗数须在 {VolunteerTask.MinFlags} 到 {VolunteerTask.MaxFlags} 之间");
        RuleFor(r => r.KnowledgeType).Must(k => k is null || Enum.IsDefined(k.Value)).WithMessage("知识类型无效");
        RuleFor(r => r.Skills).Must(s => s is null || s.Count <= 10).WithMessage("技能要求最多 10 项");
        RuleForEach(r => r.Skills).Must(s => !string.IsNullOrWhiteSpace(s) && s.Length <= 20).WithMessage("每项技能须为 1–20 个字符");
        RuleFor(r => r.Geofence!).Custom((g, context) =>
        {
            foreach (var error in Geofence.Check(g.Latitude, g.Longitude, g.RadiusMeters))
            {
                context.AddFailure(error.Field, error.Message);
            }
        }).When(r => r.Geofence is { } g && (g.Latitude, g.Longitude, g.RadiusMeters) != (null, null, null));
    }
}

internal sealed class PublishTaskRequestValidator : AbstractValidator<PublishTaskRequest>
{
    public PublishTaskRequestValidator()
    {
        RuleFor(r => r.Tier).RequiredEnum("发布层级");
        RuleFor(r => r.ScopeId).Null().When(r => r.Tier == TaskTier.City).WithMessage("全市任务无需指定范围");
        RuleFor(r => r.ScopeId).RequiredId("发布范围").When(r => r.Tier is TaskTier.Community or TaskTier.Block);
        RuleFor(r => r.Category).RequiredEnum("服务类别");
        Include(new TaskFieldsValidator());
        RuleFor(r => r.Shifts).Must(s => s is null || s.Count <= VolunteerTask.MaxShifts).WithMessage($"班次最多 {VolunteerTask.MaxShifts} 个");
        RuleForEach(r => r.Shifts).ChildRules(shift =>
        {
            shift.RuleFor(s => s.StartsAt).NotNull().WithMessage("班次开始时间不能为空");
            shift.RuleFor(s => s.EndsAt).NotNull().WithMessage("班次结束时间不能为空");
            shift.RuleFor(s => s.Slots).NotNull().WithMessage("班次人数不能为空").GreaterThanOrEqualTo(1).WithMessage("每个班次至少 1 人");
        });
        RuleFor(r => r.Recurrence!.Frequency).RequiredEnum("重复方式").When(r => r.Recurrence is not null);
        RuleFor(r => r.Recurrence!.Until).NotNull().WithMessage("请填写重复截止日期").When(r => r.Recurrence is not null);
    }
}

internal sealed class UpdateTaskRequestValidator : AbstractValidator<UpdateTaskRequest>
{
    public UpdateTaskRequestValidator() => Include(new TaskFieldsValidator());
}

internal sealed class CancelTaskRequestValidator : AbstractValidator<CancelTaskRequest>
{
    public CancelTaskRequestValidator() => RuleFor(r => r.Reason).OptionalText("取消原因", 200);
}

internal sealed class GrabRequestValidator : AbstractValidator<GrabRequest>
{
    public const int MaxGroupClaim = 50;

    public GrabRequestValidator()
    {
        RuleFor(r => r.ShiftId).OptionalId("班次");
        RuleFor(r => r.HelpGroupId).OptionalId("帮帮团");
        RuleFor(r => r.MemberIds).NotEmpty().When(r => r.HelpGroupId is not null).WithMessage("团体认领须列出参加的成员");
        RuleFor(r => r.MemberIds).Null().When(r => r.HelpGroupId is null).WithMessage("列出成员时须指定帮帮团");
        RuleFor(r => r.MemberIds).Must(m => m is null || m.Count <= MaxGroupClaim).WithMessage($"一次团体认领最多 {MaxGroupClaim} 人");
        RuleForEach(r => r.MemberIds).Must(id => Ids.TryParse(id, out _)).WithMessage("成员 ID 无效");
    }
}

internal sealed class RecordRequestValidator : AbstractValidator<RecordRequest>
{
    public RecordRequestValidator()
    {
        RuleFor(r => r.ServedAt).NotNull().WithMessage("服务时间不能为空");
        RuleFor(r => r.Hours).NotNull().WithMessage("服务时长不能为空")
            .GreaterThan(0).LessThanOrEqualTo(24).WithMessage("服务时长须大于 0 且不超过 24 小时");
        RuleFor(r => r.Content).RequiredText("服务内容", Claim.MaxContent);
        RuleFor(r => r.Place).RequiredText("服务地点", 100);
        RuleFor(r => r.PhotoUrls).Must(p => p is null || p.Count <= Claim.MaxPhotos).WithMessage($"照片最多 {Claim.MaxPhotos} 张");
        RuleForEach(r => r.PhotoUrls).Must(u => u.Length <= 500 && Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            .WithMessage("照片地址须为 http(s) 链接");
    }
}

internal sealed class ConfirmRequestValidator : AbstractValidator<ConfirmRequest>
{
    public ConfirmRequestValidator()
    {
        RuleFor(r => r.Flags).InclusiveBetween(VolunteerTask.MinFlags, VolunteerTask.MaxFlags).When(r => r.Flags is not null)
            .WithMessage(FlagEntry.FlagsRange);
        RuleFor(r => r.Reason).OptionalText("更正理由", 200);
        RuleFor(r => r.Record!).ChildRules(record =>
        {
            record.RuleFor(a => a.ServedAt).NotNull().WithMessage("服务时间不能为空");
            record.RuleFor(a => a.Hours).NotNull().WithMessage("服务时长不能为空")
                .GreaterThan(0).LessThanOrEqualTo(24).WithMessage("服务时长须大于 0 且不超过 24 小时");
            record.RuleFor(a => a.Content).RequiredText("服务内容", Claim.MaxContent);
            record.RuleFor(a => a.Place).RequiredText("服务地点", 100);
        }).When(r => r.Record is not null);
    }
}

internal sealed class RejectClaimRequestValidator : AbstractValidator<RejectClaimRequest>
{
    public RejectClaimRequestValidator() => RuleFor(r => r.Reason).RequiredText("驳回原因", 200);
}
