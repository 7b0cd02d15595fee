using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Errors;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Auth;

/// <summary>The calling user's membership as it is now (not as his token says): an approval or a move counts at once.</summary>
/// <param name="Invited">Whether a task ever invited him by his skills (his feed then looks for the open ones to show first).</param>
public sealed record MemberScope(
    long Id,
    long UserId,
    string Name,
    MemberType MemberType,
    long CommunityId,
    long BlockId,
    long? WorkUnitId,
    DateTime FirstApprovedAt,
    long? MovingToCommunityId = null,
    long? MovingToBlockId = null,
    bool Invited = false)
{
    /// <summary>Whose tasks are his: his community's and block's, unless a move is pending (see <see cref="Domain.Tasks.Home"/>).</summary>
    public Home Home => Home.Of(CommunityId, BlockId, MovingToCommunityId, MovingToBlockId);
}

public sealed class CallerMember(ZhujiDbContext db, Caller caller)
{
    public const string NotAMember = "请先完成报到并通过社区审核";

    private static readonly Func<ZhujiDbContext, long, CancellationToken, Task<MemberScope?>> ByUser =
        EF.CompileAsyncQuery((ZhujiDbContext db, long userId, CancellationToken _) =>
            (from m in db.Members.AsNoTracking()
             join r in db.Registrations on m.RegistrationId equals r.Id
             where m.UserId == userId
             select new MemberScope(m.Id, m.UserId, m.Name, m.MemberType, m.CommunityId, m.BlockId, m.WorkUnitId, m.FirstApprovedAt,
                 r.Status == RegistrationStatus.Pending ? r.CommunityId : null,
                 r.Status == RegistrationStatus.Pending ? r.BlockId : null,
                 db.TaskInvitations.Any(i => i.MemberId == m.Id)))
            .FirstOrDefault());

    private MemberScope? member;
    private bool loaded;

    /// <summary>Null when the caller is not (yet) an approved member.</summary>
    public async Task<MemberScope?> GetAsync(CancellationToken cancellationToken)
    {
        if (!loaded)
        {
            member = await ByUser(db, caller.UserId, cancellationToken);
            loaded = true;
        }

        return member;
    }

    /// <summary>The caller's membership on an endpoint that <see cref="CallerMemberExtensions.RequireMember"/> guards.</summary>
    public MemberScope Scope => loaded && member is not null
        ? member
        : throw new InvalidOperationException("The endpoint does not require an approved member.");

    /// <summary>The place of a member for personal-data and scope checks.</summary>
    public static Place PlaceOf(MemberScope member, long streetId) => new(streetId, member.CommunityId, member.BlockId, member.WorkUnitId);
}

public static class CallerMemberExtensions
{
    /// <summary>
    /// Only approved members: anyone else gets 403 before the handler runs, and the handler reads the
    /// membership from <see cref="CallerMember.Scope"/>.
    /// </summary>
    public static TBuilder RequireMember<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            await context.HttpContext.RequestServices.GetRequiredService<CallerMember>().GetAsync(context.HttpContext.RequestAborted) is null
                ? Problems.Forbidden(CallerMember.NotAMember)
                : await next(context));
}
