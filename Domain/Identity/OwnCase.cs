using Zhuji.Domain.Common;

namespace Zhuji.Domain.Identity;

/// <summary>
/// No one decides his own case: an admin may not approve his own registration, confirm his own claim, enter
/// service for himself, revoke his own flag, answer his own suggestion or decide his own stewardship, whatever
/// role or scope he holds. Another admin of the scope must.
/// </summary>
public static class OwnCase
{
    public const string Title = "不能审核本人的事项";

    /// <summary>Throws <c>conflict_of_interest</c> when the one deciding is the one the decision is about.</summary>
    public static void Refuse(long deciderUserId, long subjectUserId)
    {
        if (deciderUserId == subjectUserId)
        {
            throw new DomainException(ErrorCodes.ConflictOfInterest, Title);
        }
    }
}
