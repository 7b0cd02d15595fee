using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Flags;

/// <summary>
/// Service the community recognises outside a published task (done offline, 大党委 duty, entered afterwards):
/// confirmed at once, with its flag entry.
/// </summary>
public sealed class ServiceRecord
{
    public const string NotInTheFuture = "服务时间不能晚于当前时间";

    private ServiceRecord()
    {
    }

    /// <summary>
    /// Service the community enters for a member (<paramref name="memberUserId"/> is his login: nobody enters
    /// service for himself). Whether its date may still change the ledger is <see cref="FlagPeriods"/>' to say.
    /// </summary>
    public ServiceRecord(long memberId, long memberUserId, ServiceCategory category, string title, DateTime servedAt, decimal hours, string content, int flags, long enteredByUserId, DateTime now)
    {
        OwnCase.Refuse(enteredByUserId, memberUserId);
        if (servedAt > now)
        {
            throw DomainException.Invalid("servedAt", NotInTheFuture);
        }

        MemberId = memberId;
        Category = category;
        Title = title;
        ServedAt = servedAt;
        Hours = hours;
        Content = content;
        Flags = flags;
        EnteredByUserId = enteredByUserId;
        EnteredAt = now;
    }

    public long Id { get; private set; }
    public long MemberId { get; private set; }
    public ServiceCategory Category { get; private set; }
    public string Title { get; private set; } = "";
    public DateTime ServedAt { get; private set; }
    public decimal Hours { get; private set; }
    public string Content { get; private set; } = "";
    public int Flags { get; private set; }
    public long EnteredByUserId { get; private set; }
    public DateTime EnteredAt { get; private set; }
}
