using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;

namespace Zhuji.Domain.Privacy;

/// <summary>
/// Cancellation (注销, PIPL Art. 47): the person is anonymised at once, his service, flags, points and certificates keep
/// their figures under <see cref="Name"/> (a community's and a unit's counts of past years do not change), and he can
/// no longer log in as himself.
/// </summary>
public static class Cancellation
{
    public const string Name = "已注销用户";
    public const string WithdrawnReason = "本人已注销账号";

    /// <summary>
    /// An admin (any role but member) cannot cancel himself: his office's account is handed over or disabled by the
    /// admin above him, so that no scope is left without its admin by a tap in the mini-program.
    /// </summary>
    public static void EnsureAllowed(IEnumerable<Grant> grants)
    {
        if (grants.Any(g => g.Role != Role.Member))
        {
            throw DomainException.Conflict("您还担任管理员，请先由上级撤销管理员角色后再注销账号");
        }
    }
}
