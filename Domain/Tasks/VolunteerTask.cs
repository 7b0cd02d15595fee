using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;

namespace Zhuji.Domain.Tasks;

/// <summary>
/// A volunteer task (任务) published for a tier: slots, flags, a time window, perhaps shifts. Members grab
/// it until it starts or is closed; <see cref="ClaimedCount"/> never exceeds <see cref="Slots"/> (the
/// database guarantees it with a conditional update, see the claim path).
/// </summary>
public sealed class VolunteerTask
{
    public const int MaxSlots = 1000;
    public const int MinFlags = 1;
    public const int MaxFlags = 5;
    public const int MaxTitle = 50;
    public const int MaxDescription = 2000;
    public const int MaxShifts = 50;

    private readonly List<TaskShift> shifts = [];
    private List<string> skills = [];

    private VolunteerTask()
    {
    }

    public long Id { get; private set; }
    public TaskTier Tier { get; private set; }

    /// <summary>Null for City tasks, the community for Community tasks, the block for Block tasks.</summary>
    public long? ScopeId { get; private set; }

    /// <summary>The community a Community or Block task belongs to (null for City): for statistics by community.</summary>
    public long? CommunityId { get; private set; }

    public ServiceCategory Category { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Location { get; private set; } = "";
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public int Slots { get; private set; }
    public int Flags { get; private set; }
    public KnowledgeType KnowledgeType { get; private set; }
    public IReadOnlyList<string> Skills => skills;
    public bool AllowGroupClaims { get; private set; }
    public VolunteerTaskStatus Status { get; private set; }
    public int ClaimedCount { get; private set; }
    public bool HasShifts { get; private set; }
    public long PublishedByUserId { get; private set; }
    public DateTime PublishedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    public string? CancelReason { get; private set; }

    /// <summary>The micro-wish this task was made from, if any.</summary>
    public long? WishId { get; private set; }

    /// <summary>For an occurrence of a <see cref="TaskSeries"/> (周期任务): the series and its Shanghai date (once each).</summary>
    public long? SeriesId { get; private set; }

    public DateOnly? OccurrenceDate { get; private set; }

    /// <summary>
    /// 自主申报 (<see cref="ReportedService"/>): the task of one member's own report, not published to anyone — out of
    /// every feed, list and count of tasks; seen by the member who reported it and the admins of his community.
    /// </summary>
    public bool Reported { get; private set; }

    /// <summary>
    /// The tasks the statistics and reports count as published: not cancelled, not a member's own report. The tasks
    /// tally (<c>TallyCatalog.Tasks</c>) keys the same rows.
    /// </summary>
    public static readonly System.Linq.Expressions.Expression<Func<VolunteerTask, bool>> CountsAsPublished =
        t => t.Status != VolunteerTaskStatus.Cancelled && !t.Reported;

    /// <summary>
    /// The task a member's report makes, in his community (<paramref name="communityId"/>): closed from the start, one
    /// place (his), its window the service's, the least flags (the confirming admin may give more).
    /// </summary>
    public static VolunteerTask Report(ReportedService report, long communityId, long memberUserId, DateTime now)
    {
        var errors = report.Check(now);
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        return new VolunteerTask
        {
            Tier = TaskTier.Community,
            ScopeId = communityId,
            CommunityId = communityId,
            Category = report.Category,
            Title = string.IsNullOrWhiteSpace(report.Title) ? ReportedService.DefaultTitle(report.Category) : report.Title.Trim(),
            Location = report.Place,
            StartsAt = report.ServedAt,
            EndsAt = report.ServedAt + TimeSpan.FromHours((double)report.Hours),
            Slots = 1,
            ClaimedCount = 1,
            Flags = MinFlags,
            KnowledgeType = KnowledgeType.Basic,
            Status = VolunteerTaskStatus.Closed,
            PublishedByUserId = memberUserId,
            PublishedAt = now,
            EndedAt = now,
            Reported = true,
        };
    }

    /// <summary>The task of a series' date: published as any task from the series' plan for that date.</summary>
    public static VolunteerTask Occurrence(TaskSeries series, DateOnly date, DateTime now)
    {
        var task = Publish(series.PlanFor(date), series.PublishedByUserId, now);
        (task.SeriesId, task.OccurrenceDate) = (series.Id, date);
        return task;
    }

    /// <summary>Confirmed only after the member checks in and out on site with the organiser's code (or on the admin's attendance).</summary>
    public bool CheckInRequired { get; private set; }

    public double? GeofenceLatitude { get; private set; }
    public double? GeofenceLongitude { get; private set; }
    public int? GeofenceRadiusMeters { get; private set; }

    /// <summary>Where check-in and check-out must happen, when the phone sends its position; none if not set.</summary>
    public Geofence? Geofence => GeofenceLatitude is { } lat && GeofenceLongitude is { } lon && GeofenceRadiusMeters is { } radius
        ? new Geofence(lat, lon, radius)
        : null;

    public IReadOnlyList<TaskShift> Shifts => shifts;

    public const string EndsAfterStarts = "结束时间须晚于开始时间";
    public static readonly string SlotsRange = $"所需人数须在 1 到 {MaxSlots} 之间";
    public static readonly string FlagsRange = $"可获得旗数须在 {MinFlags} 到 {MaxFlags} 之间";
    public const string ShiftNeedsSomeone = "每个班次至少 1 人";

    /// <summary>A help group's leader claims for its members only on a task published to take group claims.</summary>
    public void EnsureTakesGroupClaims()
    {
        if (!AllowGroupClaims)
        {
            throw DomainException.InvalidState("该任务不接受团体认领");
        }
    }

    /// <summary>
    /// What a confirmation of this task awards: the flags the confirming admin gives (he may weigh the service, within
    /// <see cref="MinFlags"/>–<see cref="MaxFlags"/>), or the flags the task was published with.
    /// </summary>
    public int FlagsFor(int? given)
    {
        var flags = given ?? Flags;
        return flags is < MinFlags or > MaxFlags ? throw DomainException.Invalid("flags", FlagEntry.FlagsRange) : flags;
    }

    /// <summary>A new task from its plan; every rule the plan breaks is reported with its field.</summary>
    public static VolunteerTask Publish(TaskPlan plan, long publishedByUserId, DateTime now)
    {
        var errors = plan.Check(now);
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        var task = new VolunteerTask
        {
            Tier = plan.Tier,
            ScopeId = plan.ScopeId,
            CommunityId = plan.CommunityId,
            Category = plan.Category,
            Title = plan.Title,
            Description = plan.Description,
            Location = plan.Location,
            StartsAt = plan.StartsAt,
            EndsAt = plan.EndsAt,
            Slots = plan.Slots,
            Flags = plan.Flags,
            KnowledgeType = plan.KnowledgeType,
            skills = plan.Skills.ToList(),
            AllowGroupClaims = plan.AllowGroupClaims,
            Status = VolunteerTaskStatus.Published,
            HasShifts = plan.Shifts.Count > 0,
            PublishedByUserId = publishedByUserId,
            PublishedAt = now,
            WishId = plan.WishId,
            CheckInRequired = plan.CheckInRequired,
        };
        task.SetGeofence(plan.Geofence);
        task.shifts.AddRange(plan.Shifts.Select(s => new TaskShift(s.StartsAt, s.EndsAt, s.Slots)));
        return task;
    }

    public const string StartedCannotChange = "任务已开始，不能修改";
    public const string ShiftsKeepTheirTimes = "分班次任务不能修改时间和人数";

    /// <summary>
    /// The publisher corrects the task before it starts: text, place, time, flags, places. Places never fall below
    /// the claims taken (the caller also makes that a condition of the write, against a claim racing in); flags
    /// already awarded stay as they were. A task with shifts keeps its times and places (they are its shifts').
    /// What changed comes back, for the audit and to tell the members who hold it.
    /// </summary>
    public TaskRevision Revise(TaskEdit edit, DateTime now)
    {
        if (Status != VolunteerTaskStatus.Published || StartsAt <= now)
        {
            throw DomainException.InvalidState(Status == VolunteerTaskStatus.Published ? StartedCannotChange : Status == VolunteerTaskStatus.Closed ? "任务已结束报名，不能修改" : "任务已取消，不能修改");
        }

        var errors = new List<FieldError>();
        if (edit.EndsAt <= edit.StartsAt)
        {
            errors.Add(new("endsAt", EndsAfterStarts));
        }

        if (edit.StartsAt <= now)
        {
            errors.Add(new("startsAt", "开始时间须晚于当前时间"));
        }

        if (edit.Slots is < 1 or > MaxSlots)
        {
            errors.Add(new("slots", SlotsRange));
        }

        if (edit.Flags is < MinFlags or > MaxFlags)
        {
            errors.Add(new("flags", FlagsRange));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        if (HasShifts && (edit.StartsAt != StartsAt || edit.EndsAt != EndsAt || edit.Slots != Slots))
        {
            throw DomainException.Conflict(ShiftsKeepTheirTimes);
        }

        if (edit.Slots < ClaimedCount)
        {
            throw DomainException.Conflict(SlotsBelowClaims(ClaimedCount));
        }

        var revision = new TaskRevision(
            TimeChanged: edit.StartsAt != StartsAt || edit.EndsAt != EndsAt,
            PlaceChanged: edit.Location != Location,
            Before: new TaskEdit(Title, Description, Location, StartsAt, EndsAt, Slots, Flags, KnowledgeType, skills.ToList(), AllowGroupClaims, CheckInRequired, Geofence));
        (Title, Description, Location, StartsAt, EndsAt, Slots, Flags, KnowledgeType, AllowGroupClaims, CheckInRequired) =
            (edit.Title, edit.Description, edit.Location, edit.StartsAt, edit.EndsAt, edit.Slots, edit.Flags, edit.KnowledgeType, edit.AllowGroupClaims, edit.CheckInRequired);
        skills = edit.Skills.ToList();
        SetGeofence(edit.Geofence);
        return revision;
    }

    private void SetGeofence(Geofence? geofence) =>
        (GeofenceLatitude, GeofenceLongitude, GeofenceRadiusMeters) = (geofence?.Latitude, geofence?.Longitude, geofence?.RadiusMeters);

    public static string SlotsBelowClaims(int claimed) => $"所需人数不能少于已认领的 {claimed} 人";

    /// <summary>No more claims; the claims taken stay and can still be recorded and confirmed.</summary>
    public void Close(DateTime now)
    {
        EnsurePublished();
        Status = VolunteerTaskStatus.Closed;
        EndedAt = now;
    }

    /// <summary>
    /// The task will not happen. What follows is returned: its open claims are cancelled with it, in the same
    /// write, and their members are told why.
    /// </summary>
    public TaskCancellation Cancel(string reason, DateTime now)
    {
        EnsurePublished();
        Status = VolunteerTaskStatus.Cancelled;
        CancelReason = reason;
        EndedAt = now;
        return new TaskCancellation(Id, reason, now);
    }

    private void EnsurePublished()
    {
        if (Status != VolunteerTaskStatus.Published)
        {
            throw DomainException.InvalidState(Status == VolunteerTaskStatus.Closed ? "任务已结束报名" : "任务已取消");
        }
    }
}

/// <summary>A shift of a task ("every half day, 7 people"): claims are taken per shift.</summary>
public sealed class TaskShift
{
    private TaskShift()
    {
    }

    internal TaskShift(DateTime startsAt, DateTime endsAt, int slots)
    {
        StartsAt = startsAt;
        EndsAt = endsAt;
        Slots = slots;
    }

    public long Id { get; private set; }
    public long TaskId { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public int Slots { get; private set; }
    public int ClaimedCount { get; private set; }
}

public sealed record ShiftPlan(DateTime StartsAt, DateTime EndsAt, int Slots);

/// <summary>What a publisher may change on a task before it starts.</summary>
public sealed record TaskEdit(
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
    bool CheckInRequired = false,
    Geofence? Geofence = null);

/// <summary>What a revision changed: the members holding the task are told when its time or place moved.</summary>
public sealed record TaskRevision(bool TimeChanged, bool PlaceChanged, TaskEdit Before)
{
    public bool Tell => TimeChanged || PlaceChanged;
}

/// <summary>What a publisher asks for; <see cref="Check"/> states every rule it breaks (zh-CN).</summary>
public sealed record TaskPlan(
    TaskTier Tier,
    long? ScopeId,
    long? CommunityId,
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
    IReadOnlyList<ShiftPlan> Shifts,
    long? WishId = null,
    bool CheckInRequired = false,
    Geofence? Geofence = null)
{
    /// <summary>Every rule the plan breaks, with the request's field it belongs to.</summary>
    public IReadOnlyList<FieldError> Check(DateTime now)
    {
        var errors = new List<FieldError>();
        if ((Tier == TaskTier.City) != (ScopeId is null))
        {
            errors.Add(new("scopeId", Tier == TaskTier.City ? "全市任务无需指定范围" : "社区、小区任务须指定范围"));
        }

        if (EndsAt <= StartsAt)
        {
            errors.Add(new("endsAt", VolunteerTask.EndsAfterStarts));
        }

        if (StartsAt <= now)
        {
            errors.Add(new("startsAt", "开始时间须晚于当前时间"));
        }

        if (Slots is < 1 or > VolunteerTask.MaxSlots)
        {
            errors.Add(new("slots", VolunteerTask.SlotsRange));
        }

        if (Flags is < VolunteerTask.MinFlags or > VolunteerTask.MaxFlags)
        {
            errors.Add(new("flags", VolunteerTask.FlagsRange));
        }

        if (Shifts.Count > 0)
        {
            if (Shifts.Any(s => s.StartsAt < StartsAt || s.EndsAt > EndsAt || s.EndsAt <= s.StartsAt))
            {
                errors.Add(new("shifts", "每个班次须在任务时间之内，且结束晚于开始"));
            }

            if (Shifts.Any(s => s.Slots < 1))
            {
                errors.Add(new("shifts", VolunteerTask.ShiftNeedsSomeone));
            }

            if (Shifts.Sum(s => s.Slots) != Slots)
            {
                errors.Add(new("shifts", "各班次人数之和须等于所需人数"));
            }
        }

        return errors;
    }
}

/// <summary>
/// What cancelling a task brings with it: every claim still <see cref="ClaimStatus.Claimed"/> on it is
/// cancelled in the same write (set-based, so a claim committed a moment before cannot survive on a cancelled
/// task), and those members are told the reason.
/// </summary>
public sealed record TaskCancellation(long TaskId, string Reason, DateTime At)
{
    /// <summary>The claims that fall with the task: taken but not yet served.</summary>
    public static ClaimStatus OpenStatus => ClaimStatus.Claimed;
}
