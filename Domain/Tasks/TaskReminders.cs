namespace Zhuji.Domain.Tasks;

public enum ReminderKind
{
    /// <summary>About a day before the start.</summary>
    DayBefore,

    /// <summary>About two hours before the start.</summary>
    TwoHoursBefore,
}

/// <summary>
/// Reminders before a claimed task (the feature volunteers ask for most): one a day before, one two hours before,
/// each once per claim (a <see cref="TaskReminderLog"/> row, unique per claim and kind, is written before the
/// send). A claim taken later than a reminder's moment gets only the ones still ahead.
/// </summary>
public static class TaskReminders
{
    public static readonly TimeSpan DayBefore = TimeSpan.FromHours(24);
    public static readonly TimeSpan TwoHoursBefore = TimeSpan.FromHours(2);

    /// <summary>The reminder due now for a start at <paramref name="startsAt"/>, if any.</summary>
    public static ReminderKind? Due(DateTime startsAt, DateTime now)
    {
        var left = startsAt - now;
        return left <= TimeSpan.Zero ? null
            : left <= TwoHoursBefore ? ReminderKind.TwoHoursBefore
            : left <= DayBefore ? ReminderKind.DayBefore
            : null;
    }

    /// <summary>What the reminder says: "明天 9:00" or "2 小时后".</summary>
    public static string Lead(ReminderKind kind) => kind == ReminderKind.DayBefore ? "任务将于明天开始" : "任务将于 2 小时内开始";
}

/// <summary>A reminder sent (or skipped: not subscribed) for one claim: at most one row per claim and kind.</summary>
public sealed class TaskReminderLog
{
    public long Id { get; set; }
    public long ClaimId { get; set; }
    public ReminderKind Kind { get; set; }
    public DateTime At { get; set; }

    /// <summary>Sent, NotSubscribed, Refused; Pending while the send is under way.</summary>
    public string Outcome { get; set; } = "";
}
