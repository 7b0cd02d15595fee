using System.Linq.Expressions;
using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Members;

namespace Zhuji.Domain.Tasks;

/// <summary>
/// A member's claim on a task (or one shift of it): grabbed, then the service recorded (纪实) by him,
/// then confirmed (认定) by an admin — only then is a flag awarded — or rejected. Cancelled before the start
/// frees the slot.
/// </summary>
public sealed class Claim
{
    public const int MaxPhotos = 9;
    public const int MaxContent = 1000;
    public const string AlreadyConfirmed = "该服务已认定，不能重复认定";

    /// <summary>A claim that stands (not cancelled): he is on the task, so he may not grab it again and it shows as his.</summary>
    public static readonly Expression<Func<Claim, bool>> Stands = c => c.Status != ClaimStatus.Cancelled;

    /// <summary>Claims still to be served or decided (claimed, or recorded and waiting): whom a change of time or place concerns.</summary>
    public static readonly Expression<Func<Claim, bool>> Awaiting = c => c.Status == ClaimStatus.Claimed || c.Status == ClaimStatus.Submitted;

    /// <summary>Everyone the task involves (neither cancelled nor marked absent, whatever was decided): whom a notice about it reaches.</summary>
    public static readonly Expression<Func<Claim, bool>> Involved = c => c.Status != ClaimStatus.Cancelled && c.Status != ClaimStatus.NoShow;

    private List<string> photoUrls = [];

    private Claim()
    {
    }

    public long Id { get; private set; }
    public long TaskId { get; private set; }
    public long? ShiftId { get; private set; }

    /// <summary><see cref="ShiftId"/> or 0: part of the "one active claim per member per task or shift" unique index.</summary>
    public long ShiftKey { get; private set; }

    public long MemberId { get; private set; }
    public ClaimStatus Status { get; private set; }
    public DateTime ClaimedAt { get; private set; }

    /// <summary>For a group claim: the group and the leader who claimed for everyone.</summary>
    public long? HelpGroupId { get; private set; }

    public long? ClaimedByMemberId { get; private set; }

    /// <summary>The phone's Idempotency-Key for this claim: a retry finds this claim instead of making another.</summary>
    public string? IdempotencyKey { get; private set; }

    public DateTime? ServedAt { get; private set; }
    public decimal? Hours { get; private set; }
    public string? Content { get; private set; }
    public string? Place { get; private set; }
    public IReadOnlyList<string> PhotoUrls => photoUrls;
    public DateTime? SubmittedAt { get; private set; }

    /// <summary>Who wrote the record: the member, or the admin who took attendance on site.</summary>
    public long? RecordedByUserId { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public long? DecidedByUserId { get; private set; }
    public string? RejectReason { get; private set; }
    public DateTime? CancelledAt { get; private set; }

    /// <summary>Let go within <see cref="Reliability.LateCancellation"/> of the start: it counts in his <see cref="Reliability"/>.</summary>
    public bool CancelledLate { get; private set; }

    /// <summary>Checked out after the end, within <see cref="Attendance.CheckOutGrace"/>: his hours count to the end.</summary>
    public bool LateCheckOut { get; private set; }

    /// <summary>On site: when he checked in and out with the organiser's code, and the hours that makes (<see cref="Attendance.Hours"/>).</summary>
    public DateTime? CheckedInAt { get; private set; }
    public DateTime? CheckedOutAt { get; private set; }
    public decimal? CheckedHours { get; private set; }

    /// <summary>More than 8 hours of service in one Shanghai day: the confirming admin looks before he confirms.</summary>
    public bool NeedsReview { get; private set; }

    /// <summary>Optimistic concurrency: two admins deciding at once, only one wins.</summary>
    public int Version { get; private set; }

    public static Claim Grab(long taskId, long? shiftId, long memberId, DateTime now, string? idempotencyKey = null, long? helpGroupId = null, long? claimedByMemberId = null) => new()
    {
        TaskId = taskId,
        ShiftId = shiftId,
        ShiftKey = shiftId ?? 0,
        MemberId = memberId,
        Status = ClaimStatus.Claimed,
        ClaimedAt = now,
        IdempotencyKey = idempotencyKey,
        HelpGroupId = helpGroupId,
        ClaimedByMemberId = claimedByMemberId,
    };

    /// <summary>A record refused with "请补充" may be given again until this long after the task ends.</summary>
    public static readonly TimeSpan ResubmitFor = TimeSpan.FromDays(30);

    public const string NotStarted = "任务尚未开始，不能认定";
    public const string NoRecord = "尚无服务纪实：请党员先填写纪实，或在认定时录入现场签到记录";

    /// <summary>
    /// The claimer records what he did, once the task (or his shift) has started; a record the community refused
    /// may be given again, until <see cref="ResubmitFor"/> after the end. The service must fall on the task's days
    /// (Shanghai calendar) and not in the future: the year of a flag cannot be moved.
    /// </summary>
    /// <remarks>
    /// After a check-out the record carries the measured hours, whatever the phone sent. <paramref name="otherHoursThatDay"/>:
    /// his other services on the record's Shanghai day (more than 8 in all marks <see cref="NeedsReview"/>).
    /// </remarks>
    public void Record(ServiceRecordDetails record, long recordedByUserId, DateTime startsAt, DateTime endsAt, DateTime now, decimal otherHoursThatDay = 0)
    {
        switch (Status)
        {
            case ClaimStatus.Cancelled:
                throw DomainException.InvalidState("认领已取消");
            case ClaimStatus.Confirmed:
                throw DomainException.InvalidState("服务已认定，不能再修改纪实");
            case ClaimStatus.NoShow:
                throw DomainException.InvalidState("已标记为未到岗，不能填写纪实；如有异议请联系社区");
            case ClaimStatus.Rejected when now > endsAt + ResubmitFor:
                throw DomainException.InvalidState("被驳回的纪实须在任务结束后 30 天内补充");
        }

        if (now < startsAt)
        {
            throw DomainException.InvalidState("任务开始后才能填写服务纪实");
        }

        Write(CheckedHours is { } measured ? record with { Hours = measured } : record, recordedByUserId, startsAt, endsAt, now);
        NeedsReview = Attendance.IsLongDay(Hours ?? 0, otherHoursThatDay);
        Status = ClaimStatus.Submitted;
        RejectReason = null;
        DecidedAt = null;
        DecidedByUserId = null;
        Version++;
    }

    /// <summary>
    /// The claimer checks in on site (the caller has verified the code and the position): once, while the claim is
    /// open, from <see cref="Attendance.OpensBeforeStart"/> before the start until the end.
    /// </summary>
    public void CheckIn(DateTime startsAt, DateTime endsAt, DateTime now)
    {
        EnsureAttending();
        if (CheckedInAt is not null)
        {
            throw DomainException.InvalidState(Attendance.AlreadyCheckedIn);
        }

        if (!Attendance.WindowOpen(startsAt, endsAt, now))
        {
            throw DomainException.InvalidState(Attendance.OutsideWindow);
        }

        CheckedInAt = now;
        Version++;
    }

    /// <summary>
    /// The claimer checks out: his hours are counted inside the task's window and rounded down to the half hour,
    /// and carried into his record — one is written for him from the check-in if he has none yet, so the claim
    /// reaches the confirmation queue. <paramref name="otherHoursThatDay"/> are his other services on the same
    /// Shanghai day: more than 8 in all marks the claim <see cref="NeedsReview"/>.
    /// </summary>
    /// <remarks>
    /// A check-out sooner than <paramref name="minimumService"/> after the check-in (by default
    /// <see cref="Attendance.DefaultMinimumService"/>) is refused: a tap in and out is not a service.
    /// </remarks>
    public decimal CheckOut(DateTime startsAt, DateTime endsAt, string location, decimal otherHoursThatDay, DateTime now, TimeSpan? minimumService = null)
    {
        EnsureAttending();
        if (CheckedInAt is not { } checkedIn)
        {
            throw DomainException.InvalidState(Attendance.NotCheckedIn);
        }

        if (CheckedOutAt is not null)
        {
            throw DomainException.InvalidState(Attendance.AlreadyCheckedOut);
        }

        if (now - checkedIn < (minimumService ?? Attendance.DefaultMinimumService))
        {
            throw new DomainException(ErrorCodes.ServiceTooShort, Attendance.TooShort(minimumService ?? Attendance.DefaultMinimumService));
        }

        if (!Attendance.CheckOutOpen(startsAt, endsAt, now))
        {
            throw DomainException.InvalidState(Attendance.CheckOutClosed);
        }

        var hours = Attendance.Hours(checkedIn, now, startsAt, endsAt);
        CheckedOutAt = now;
        LateCheckOut = now > endsAt;
        CheckedHours = hours;
        if (Status == ClaimStatus.Claimed)
        {
            var servedAt = checkedIn > startsAt ? checkedIn : startsAt;
            Content = $"现场签到 {ShanghaiTime.ToShanghai(checkedIn):HH:mm}，签退 {ShanghaiTime.ToShanghai(now):HH:mm}";
            (ServedAt, Place, photoUrls, SubmittedAt, RecordedByUserId) = (servedAt, location, [], now, null);
            Status = ClaimStatus.Submitted;
        }

        Hours = hours;
        NeedsReview = Attendance.IsLongDay(hours, otherHoursThatDay);
        Version++;
        return hours;
    }

    /// <summary>
    /// The admin confirms the service, after the start and only on a record: the member's, or the attendance
    /// the admin takes on site (<paramref name="attendance"/>, for members without a phone), which then stands
    /// as the record. Nobody confirms his own claim (<paramref name="claimantUserId"/>). Returns the moment the
    /// flag's year is taken from.
    /// </summary>
    /// <remarks>
    /// A task that requires check-in (<paramref name="checkInRequired"/>) is confirmed only after a check-in and a
    /// check-out, or on the admin's attendance record. A claim marked <see cref="ClaimStatus.NoShow"/> is confirmed only
    /// on the admin's attendance record (he corrects his mark).
    /// </remarks>
    public DateTime ConfirmRecord(long adminUserId, long claimantUserId, DateTime startsAt, DateTime endsAt, DateTime now, ServiceRecordDetails? attendance = null, bool checkInRequired = false)
    {
        EnsureDecidable(adminUserId, claimantUserId, startsAt, now, noShowCorrected: attendance is not null);
        if (checkInRequired && attendance is null && CheckedOutAt is null)
        {
            throw DomainException.InvalidState(Attendance.NeedsCheckIn);
        }

        if (attendance is not null)
        {
            Write(attendance, adminUserId, startsAt, endsAt, now);
        }
        else if (Status != ClaimStatus.Submitted)
        {
            throw DomainException.InvalidState(NoRecord);
        }

        Status = ClaimStatus.Confirmed;
        Decided(adminUserId, now);
        return ServedAt!.Value;
    }

    /// <summary>
    /// 认定 → 亮旗: the admin confirms the service (<see cref="ConfirmRecord"/>) and the claim awards its one flag line —
    /// the flags the admin gives, or the task's (<see cref="VolunteerTask.FlagsFor"/>), in the Shanghai year of the
    /// service, to the member's community of today. The line raises <see cref="FlagAwarded"/>: the points it earns and
    /// the tallies it moves are written in the same save.
    /// </summary>
    public FlagEntry Confirm(VolunteerTask task, Member member, long adminUserId, DateTime startsAt, DateTime endsAt, DateTime now,
        ServiceRecordDetails? attendance = null, int? flags = null)
    {
        var servedAt = ConfirmRecord(adminUserId, member.UserId, startsAt, endsAt, now, attendance, task.CheckInRequired);
        var award = new FlagAward(member.Id, member.CommunityId, task.FlagsFor(flags), FlagSource.Claim, Id, task.Id, task.Title, task.Category, servedAt);
        return FlagEntry.Award(award, adminUserId, now);
    }

    /// <summary>The admin sends the record back ("请补充"): the member may record again.</summary>
    public void Reject(string reason, long adminUserId, long claimantUserId, DateTime startsAt, DateTime now)
    {
        EnsureDecidable(adminUserId, claimantUserId, startsAt, now);
        Status = ClaimStatus.Rejected;
        RejectReason = reason;
        Decided(adminUserId, now);
    }

    /// <summary>
    /// 未到岗: after the start, an admin who may decide the claim marks that the member held the place and did not come.
    /// Only a claim with nothing recorded (no record, no check-in); it changes no flag, only his <see cref="Reliability"/>.
    /// </summary>
    public void MarkNoShow(long adminUserId, long claimantUserId, DateTime startsAt, DateTime now)
    {
        EnsureDecidable(adminUserId, claimantUserId, startsAt, now);
        if (Status != ClaimStatus.Claimed || CheckedInAt is not null)
        {
            throw DomainException.InvalidState(NoShowAfterRecord);
        }

        Status = ClaimStatus.NoShow;
        Decided(adminUserId, now);
    }

    public const string NoShowAfterRecord = "已签到或已填写纪实的认领不能标记为未到岗";

    /// <summary>The claimer lets the slot go before the start (within <see cref="Reliability.LateCancellation"/> of it: late).</summary>
    public void Cancel(DateTime startsAt, DateTime now)
    {
        if (Status != ClaimStatus.Claimed)
        {
            throw DomainException.InvalidState("只有未开始的认领可以取消");
        }

        if (now >= startsAt)
        {
            throw new DomainException(ErrorCodes.ClaimWindowClosed, "任务已开始，不能取消认领");
        }

        CancelBecauseTaskEnded(now);
        CancelledLate = Reliability.IsLate(startsAt, now);
    }

    /// <summary>The task was cancelled by its publisher.</summary>
    public void CancelBecauseTaskEnded(DateTime now)
    {
        Status = ClaimStatus.Cancelled;
        CancelledAt = now;
        Version++;
    }

    private void EnsureAttending()
    {
        if (Status is not (ClaimStatus.Claimed or ClaimStatus.Submitted))
        {
            throw DomainException.InvalidState(Status switch
            {
                ClaimStatus.Confirmed => "服务已认定",
                ClaimStatus.Rejected => "该纪实已被驳回",
                ClaimStatus.NoShow => "已标记为未到岗",
                _ => "认领已取消",
            });
        }
    }

    private void EnsureDecidable(long adminUserId, long claimantUserId, DateTime startsAt, DateTime now, bool noShowCorrected = false)
    {
        OwnCase.Refuse(adminUserId, claimantUserId);
        if (Status is not (ClaimStatus.Claimed or ClaimStatus.Submitted) && !(Status == ClaimStatus.NoShow && noShowCorrected))
        {
            throw DomainException.InvalidState(Status switch
            {
                ClaimStatus.Confirmed => AlreadyConfirmed,
                ClaimStatus.Rejected => "该纪实已被驳回，待党员补充",
                ClaimStatus.NoShow => "已标记为未到岗：如其实到岗，请录入现场签到记录后认定",
                _ => "认领已取消",
            });
        }

        if (now < startsAt)
        {
            throw DomainException.InvalidState(NotStarted);
        }
    }

    private void Write(ServiceRecordDetails record, long recordedByUserId, DateTime startsAt, DateTime endsAt, DateTime now)
    {
        if (record.ServedAt > now)
        {
            throw DomainException.Invalid("servedAt", ServiceRecord.NotInTheFuture);
        }

        if (record.ServedAt < ShanghaiTime.StartOfDay(startsAt) || record.ServedAt >= ShanghaiTime.StartOfDay(endsAt).AddDays(1))
        {
            throw DomainException.Invalid("servedAt", "服务时间须在任务日期之内");
        }

        ServedAt = record.ServedAt;
        Hours = record.Hours;
        Content = record.Content;
        Place = record.Place;
        photoUrls = record.PhotoUrls.ToList();
        SubmittedAt = now;
        RecordedByUserId = recordedByUserId;
    }

    private void Decided(long adminUserId, DateTime now)
    {
        DecidedAt = now;
        DecidedByUserId = adminUserId;
        Version++;
    }
}

/// <summary>纪实: when, where, what, how long, photos.</summary>
public sealed record ServiceRecordDetails(DateTime ServedAt, decimal Hours, string Content, string Place, IReadOnlyList<string> PhotoUrls);
