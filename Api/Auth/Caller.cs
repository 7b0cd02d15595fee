using Zhuji.Domain.Identity;

namespace Zhuji.Api.Auth;

/// <summary>
/// Who is calling, as the bearer token says: the user and the grants he logged in with. Scope checks ask
/// <see cref="Administers"/> with a <see cref="Place"/> from <see cref="PlaceDirectory"/>.
/// </summary>
public sealed class Caller(IHttpContextAccessor accessor)
{
    private IReadOnlyList<Grant>? grants;

    public long UserId => accessor.HttpContext?.User.UserId() ?? throw new InvalidOperationException("No authenticated caller.");

    public IReadOnlyList<Grant> Grants => grants ??= accessor.HttpContext?.User.Grants() ?? [];

    public bool IsCityAdmin => ScopeRules.IsCityAdmin(Grants);

    public bool Administers(Place place) => ScopeRules.Administers(Grants, place);

    public bool CanGrant(Role role, Place target) => ScopeRules.CanGrant(Grants, role, target);

    /// <summary>Holds any admin role at all (a back-office user, whatever his scope).</summary>
    public bool IsAdmin => Grants.Any(g => g.Role != Role.Member);
}
