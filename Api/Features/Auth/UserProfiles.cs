using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Members;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Auth;

/// <summary>What a user holds now (roles, registration, membership): read at login and by <c>/me</c>.</summary>
public sealed class UserProfiles(ZhujiDbContext db, TokenIssuer tokens, IOptions<VolunteerOptions> volunteers)
{
    /// <summary>His hours over all years and the star they make (<see cref="StarLevel"/>).</summary>
    public async Task<StarLevel> StarAsync(long memberId, CancellationToken cancellationToken) =>
        (await StarsAsync([memberId], cancellationToken))[memberId];

    /// <summary>The stars of several members at once (a leaderboard).</summary>
    public async Task<Dictionary<long, StarLevel>> StarsAsync(IReadOnlyCollection<long> memberIds, CancellationToken cancellationToken)
    {
        var thresholds = volunteers.Value.Thresholds;
        return (await ServiceHours.LifetimeAsync(db, memberIds, cancellationToken)).ToDictionary(h => h.Key, h => StarLevel.Of(h.Value, thresholds));
    }

    public async Task<IReadOnlyList<Grant>> GrantsAsync(long userId, CancellationToken cancellationToken)
    {
        var assigned = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.UserId == userId)
            .Select(r => new Grant(r.Role, r.ScopeId))
            .ToListAsync(cancellationToken);
        var community = await db.Members.Where(m => m.UserId == userId).Select(m => (long?)m.CommunityId).SingleOrDefaultAsync(cancellationToken);
        if (community is not null)
        {
            assigned.Add(new Grant(Role.Member, community));
        }

        return assigned.Distinct().OrderBy(g => g.Role).ThenBy(g => g.ScopeId).ToList();
    }

    public async Task<UserDto> UserAsync(User user, IReadOnlyList<Grant> grants, CancellationToken cancellationToken) =>
        new(Ids.Format(user.Id), user.DisplayName, Roles(grants), await RegistrationAsync(user.Id, cancellationToken));

    public async Task<LoginResponse> LoginAsync(User user, CancellationToken cancellationToken)
    {
        var grants = await GrantsAsync(user.Id, cancellationToken);
        var token = tokens.Issue(user, grants);
        return new LoginResponse(token.Token, token.ExpiresAt, await UserAsync(user, grants, cancellationToken));
    }

    public static IReadOnlyList<RoleDto> Roles(IEnumerable<Grant> grants) =>
        grants.Select(g => new RoleDto(g.Role, Ids.Format(g.ScopeId))).ToList();

    public Task<MemberRefDto?> MemberAsync(long userId, CancellationToken cancellationToken) =>
        db.Members.AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new MemberRefDto(m.Id.ToString(), m.Name, m.MemberType, m.CommunityId.ToString(),
                m.BlockId.ToString(), m.WorkUnitId == null ? null : m.WorkUnitId.ToString()))
            .SingleOrDefaultAsync(cancellationToken);

    private Task<RegistrationRefDto?> RegistrationAsync(long userId, CancellationToken cancellationToken) =>
        db.Registrations.AsNoTracking().Where(r => r.UserId == userId)
            .Select(r => new RegistrationRefDto(r.Id.ToString(), r.Status))
            .SingleOrDefaultAsync(cancellationToken);
}
