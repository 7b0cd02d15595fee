using Zhuji.Domain.Common;

namespace Zhuji.Domain.Tasks;

public enum RecurrenceFrequency
{
    Daily,
    Weekly,
}

/// <summary>How a duty repeats: every day, or on some days of the week, until a Shanghai date.</summary>
public sealed record Recurrence(RecurrenceFrequency Frequency, IReadOnlyList<DayOfWeek> DaysOfWeek, DateOnly Until)
{
    /// <summary>A series runs at most this long from its first occurrence.</summary>
    public const int MaxDays = 366;

    /// <summary>Occurrences exist this far ahead (the generator makes them day by day; members see two weeks of duty).</summary>
    public const int AheadDays = 14;

    /// <summary>The rules the recurrence breaks for a first occurrence on <paramref name="first"/> (Shanghai date).</summary>
    public IReadOnlyList<FieldError> Check(DateOnly first)
    {
        var errors = new List<FieldError>();
        if (Until < first)
        {
            errors.Add(new("recurrence.until", "重复截止日期不能早于首次任务日期"));
        }
        else if (Until.DayNumber - first.DayNumber > MaxDays)
        {
            errors.Add(new("recurrence.until", $"周期任务最长 {MaxDays} 天，请分年度发布"));
        }

        if (Frequency == RecurrenceFrequency.Weekly && DaysOfWeek.Count == 0)
        {
            errors.Add(new("recurrence.daysOfWeek", "每周重复须选择星期几"));
        }

        return errors;
    }

    /// <summary>The Shanghai dates it falls on in [<paramref name="from"/>, <paramref name="through"/>], never after <see cref="Until"/>.</summary>
    public IEnumerable<DateOnly> Dates(DateOnly from, DateOnly through)
    {
        var last = through < Until ? through : Until;
        for (var day = from; day <= last; day = day.AddDays(1))
        {
            if (Frequency == RecurrenceFrequency.Daily || DaysOfWeek.Contains(day.DayOfWeek))
            {
                yield return day;
            }
        }
    }

    /// <summary>Weekly days as stored: one bit a day (Sunday = bit 0).</summary>
    public int DaysMask => DaysOfWeek.Aggregate(0, (mask, day) => mask | (1 << (int)day));

    public static IReadOnlyList<DayOfWeek> DaysOf(int mask) => Enum.GetValues<DayOfWeek>().Where(d => (mask & (1 << (int)d)) != 0).ToList();
}

/// <summary>
/// 周期任务: fixed-day duty published once. The series keeps what each occurrence is (the task's fields, its time of
/// day and length in Shanghai time) and how it repeats; occurrences are tasks of their own, made ahead by a job, each
/// once per date (the database refuses a second, so two job servers cannot double one). Editing the series changes it
/// and the occurrences not yet begun; those that have begun or passed stay as they were.
/// </summary>
public sealed class TaskSeries
{
    private List<string> skills = [];

    private TaskSeries()
    {
    }

    public long Id { get; private set; }
    public TaskTier Tier { get; private set; }
    public long? ScopeId { get; private set; }
    public long? CommunityId { get; private set; }
    public ServiceCategory Category { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Location { get; private set; } = "";

    /// <summary>Start, Shanghai time of day, in minutes after midnight; and the length in minutes.</summary>
    public int StartMinute { get; private set; }

    public int DurationMinutes { get; private set; }
    public int Slots { get; private set; }
    public int Flags { get; private set; }
    public KnowledgeType KnowledgeType { get; private set; }
    public bool AllowGroupClaims { get; private set; }
    public bool CheckInRequired { get; private set; }
    public IReadOnlyList<string> Skills => skills;
    public RecurrenceFrequency Frequency { get; private set; }
    public int DaysMask { get; private set; }
    public DateOnly FirstDate { get; private set; }
    public DateOnly Until { get; private set; }

    /// <summary>Occurrences exist through this date (the generator's progress).</summary>
    public DateOnly GeneratedThrough { get; private set; }

    public long PublishedByUserId { get; private set; }
    public DateTime PublishedAt { get; private set; }

    public Recurrence Recurrence => new(Frequency, Recurrence.DaysOf(DaysMask), Until);

    /// <summary>A series from the first occurrence's plan (checked as any task: <see cref="TaskPlan.Check"/>) and how it repeats.</summary>
    public static TaskSeries Start(TaskPlan plan, Recurrence recurrence, long publishedByUserId, DateTime now)
    {
        var errors = plan.Check(now).ToList();
        var first = DateOnly.FromDateTime(ShanghaiTime.ToShanghai(plan.StartsAt).DateTime);
        errors.AddRange(recurrence.Check(first));
        if (plan.Shifts.Count > 0)
        {
            errors.Add(new("shifts", "周期任务不能分班次"));
        }

        if (ShanghaiTime.ToShanghai(plan.EndsAt).Date != ShanghaiTime.ToShanghai(plan.StartsAt).Date)
        {
            errors.Add(new("endsAt", "周期任务须在同一天内开始和结束"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        var local = ShanghaiTime.ToShanghai(plan.StartsAt);
        var weekly = recurrence.Frequency == RecurrenceFrequency.Weekly;
        return new TaskSeries
        {
            Tier = plan.Tier,
            ScopeId = plan.ScopeId,
            CommunityId = plan.CommunityId,
            Category = plan.Category,
            Title = plan.Title,
            Description = plan.Description,
            Location = plan.Location,
            StartMinute = (local.Hour * 60) + local.Minute,
            DurationMinutes = (int)(plan.EndsAt - plan.StartsAt).TotalMinutes,
            Slots = plan.Slots,
            Flags = plan.Flags,
            KnowledgeType = plan.KnowledgeType,
            AllowGroupClaims = plan.AllowGroupClaims,
            CheckInRequired = plan.CheckInRequired,
            skills = plan.Skills.ToList(),
            Frequency = recurrence.Frequency,
            DaysMask = weekly ? recurrence.DaysMask : 0,
            FirstDate = first,
            Until = recurrence.Until,
            GeneratedThrough = first.AddDays(-1),
            PublishedByUserId = publishedByUserId,
            PublishedAt = now,
        };
    }

    /// <summary>The dates still to make through <paramref name="through"/>: after what exists, from today on, on the series' days.</summary>
    public IEnumerable<DateOnly> DatesToMake(DateOnly today, DateOnly through)
    {
        var from = GeneratedThrough.AddDays(1);
        return Recurrence.Dates(from < FirstDate ? FirstDate : from < today ? today : from, through);
    }

    /// <summary>The occurrence of <paramref name="date"/>: a task of its own, as the series is now.</summary>
    public TaskPlan PlanFor(DateOnly date)
    {
        var startsAt = ShanghaiTime.FromShanghaiLocal(date.ToDateTime(TimeOnly.MinValue).AddMinutes(StartMinute));
        return new TaskPlan(Tier, ScopeId, CommunityId, Category, Title, Description, Location, startsAt, startsAt.AddMinutes(DurationMinutes), Slots, Flags,
            KnowledgeType, skills, AllowGroupClaims, [], CheckInRequired: CheckInRequired);
    }

    public void Generated(DateOnly through)
    {
        if (through > GeneratedThrough)
        {
            GeneratedThrough = through;
        }
    }

    /// <summary>
    /// The publisher changes the series: what each occurrence is from now on (the time of day and length from
    /// <paramref name="edit"/>'s start and end) and until when.
    /// </summary>
    public void Revise(TaskEdit edit, DateOnly until, DateOnly today)
    {
        var errors = new List<FieldError>();
        if (edit.EndsAt <= edit.StartsAt || ShanghaiTime.ToShanghai(edit.EndsAt).Date != ShanghaiTime.ToShanghai(edit.StartsAt).Date)
        {
            errors.Add(new("endsAt", "周期任务须在同一天内开始和结束，且结束晚于开始"));
        }

        if (until < today.AddDays(-1) || until.DayNumber - FirstDate.DayNumber > Recurrence.MaxDays)
        {
            errors.Add(new("until", $"截止日期须不早于昨天，且距首次任务不超过 {Recurrence.MaxDays} 天"));
        }

        if (edit.Slots is < 1 or > VolunteerTask.MaxSlots)
        {
            errors.Add(new("slots", VolunteerTask.SlotsRange));
        }

        if (edit.Flags is < VolunteerTask.MinFlags or > VolunteerTask.MaxFlags)
        {
            errors.Add(new("flags", VolunteerTask.FlagsRange));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        var local = ShanghaiTime.ToShanghai(edit.StartsAt);
        (Title, Description, Location, Slots, Flags, KnowledgeType, AllowGroupClaims, CheckInRequired, Until) =
            (edit.Title, edit.Description, edit.Location, edit.Slots, edit.Flags, edit.KnowledgeType, edit.AllowGroupClaims, edit.CheckInRequired, until);
        (StartMinute, DurationMinutes) = ((local.Hour * 60) + local.Minute, (int)(edit.EndsAt - edit.StartsAt).TotalMinutes);
        skills = edit.Skills.ToList();
    }

    /// <summary>The edit that makes an occurrence on <paramref name="date"/> what the series is now (its places never below its claims).</summary>
    public TaskEdit EditFor(DateOnly date, int claimed)
    {
        var plan = PlanFor(date);
        return new TaskEdit(plan.Title, plan.Description, plan.Location, plan.StartsAt, plan.EndsAt, Math.Max(plan.Slots, claimed), plan.Flags, plan.KnowledgeType, plan.Skills,
            plan.AllowGroupClaims, plan.CheckInRequired);
    }
}
