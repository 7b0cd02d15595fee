using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;

namespace Zhuji.Domain.Tasks;

/// <summary>
/// 自主申报: service a member did without a published task (a neighbour helped, a duty done on his own), submitted
/// by himself into his community's confirmation queue. It becomes a task of its own — marked
/// <see cref="VolunteerTask.Reported"/>, closed, one place, his — and his claim on it carries the record, so it is
/// confirmed, sent back or awarded exactly as any record (nobody confirms his own).
/// </summary>
public sealed record ReportedService(ServiceCategory Category, string Title, DateTime ServedAt, decimal Hours, string Place)
{
    /// <summary>Service older than this is not taken (as a refused record may be given again only this long).</summary>
    public static readonly TimeSpan ReportWithin = Claim.ResubmitFor;

    /// <summary>Undecided reports a member may have at once: the queue is not a mailbox.</summary>
    public const int MaxPending = 10;

    public const decimal MaxHours = 24;

    public static readonly string TooOld = $"只能申报 {ReportWithin.Days} 天内的服务";
    public static readonly string TooManyPending = $"尚有 {MaxPending} 条自主申报待社区认定，请待认定后再申报";
    public const string HoursRange = "服务时长须大于 0 且不超过 24 小时";

    /// <summary>The title a report gets when the member gives none: what kind of service, marked as his own report.</summary>
    public static string DefaultTitle(ServiceCategory category) => $"自主申报：{Labels.Of(category)}";

    /// <summary>Every rule the report breaks, with its field: not in the future, not too old, a sensible length.</summary>
    public IReadOnlyList<FieldError> Check(DateTime now)
    {
        var errors = new List<FieldError>();
        if (ServedAt > now)
        {
            errors.Add(new FieldError("servedAt", ServiceRecord.NotInTheFuture));
        }
        else if (ServedAt < now - ReportWithin)
        {
            errors.Add(new FieldError("servedAt", TooOld));
        }

        if (Hours is <= 0 or > MaxHours)
        {
            errors.Add(new FieldError("hours", HoursRange));
        }

        return errors;
    }

    /// <summary>A member with <see cref="MaxPending"/> reports waiting for the community's decision reports no more until one is decided.</summary>
    public static void EnsureRoom(int pending)
    {
        if (pending >= MaxPending)
        {
            throw DomainException.InvalidState(TooManyPending);
        }
    }
}
