using Zhuji.Api.Auth;
using Zhuji.Api.Features.Audit;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Http;

/// <summary>
/// What an admin's decision needs, bound as one <c>[AsParameters]</c> argument: who decides, the database,
/// where places sit, the audit log, the business clock, the notifier and the counted things (for the writes the saves do not see).
/// </summary>
public readonly record struct AdminServices(
    Caller Caller,
    ZhujiDbContext Db,
    PlaceDirectory Places,
    AuditLog Audit,
    TimeProvider Clock,
    INotifier Notifier,
    TallyCatalog Tallies)
{
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;
}
