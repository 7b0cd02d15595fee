using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;

namespace Zhuji.Domain.Tests;

/// <summary>Back-office accounts: what ends a user's tokens, and the limits on password guesses.</summary>
public class AdminAccountTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 1, 0, 0, DateTimeKind.Utc);

    [Test]
    public void ANewPasswordEndsEveryEarlierToken()
    {
        var user = User.ForAdminAccount("城西社区党委", Now);
        var account = new AdminAccount(7, "chengxi", "hash", Now);
        var stamp = user.SecurityStamp;
        account.ChangePassword("hash2", user, Now);
        Assert.That(user.SecurityStamp, Is.Not.EqualTo(stamp));
    }

    [Test]
    public void DisablingEndsTheTokensButNobodyDisablesHimself()
    {
        var user = User.ForAdminAccount("城西社区党委", Now);
        var account = new AdminAccount(7, "chengxi", "hash", Now);
        Assert.That(Assert.Throws<DomainException>(() => account.Disable(user, byUserId: 7, Now))!.Code, Is.EqualTo(ErrorCodes.InvalidState));
        var stamp = user.SecurityStamp;
        account.Disable(user, byUserId: 1, Now);
        Assert.Multiple(() =>
        {
            Assert.That(account.Disabled, Is.True);
            Assert.That(user.SecurityStamp, Is.Not.EqualTo(stamp));
        });
        account.Enable();
        Assert.That(account.Disabled, Is.False);
    }

    [Test]
    public void GuessesAreCountedPerAccountAndAddressSoOneAddressCannotLockAnAccountForEveryone()
    {
        var fromAttacker = LoginThrottle.Limits("chengxi", "10.0.0.9", Now);
        var fromOwner = LoginThrottle.Limits("chengxi", "10.0.0.1", Now);
        Assert.Multiple(() =>
        {
            Assert.That(fromAttacker[0].Key, Is.Not.EqualTo(fromOwner[0].Key));
            Assert.That(fromAttacker[0].Limit, Is.LessThan(fromAttacker[1].Limit), "one address runs out long before the account does");
            Assert.That(fromAttacker[1].Key, Is.EqualTo(fromOwner[1].Key));
            Assert.That(fromAttacker.All(l => l.WindowEndsAt == Now + LoginThrottle.Window), Is.True);
            Assert.That(LoginThrottle.ClearedOnSuccess("chengxi", "10.0.0.1"), Does.Not.Contain("login@10.0.0.1"), "a success does not clear the address's own count");
        });
    }

    [Test]
    public void ADailyQuotaEndsAtShanghaiMidnight()
    {
        var lateEvening = ShanghaiTime.FromShanghaiLocal(new DateTime(2026, 3, 1, 23, 30, 0));
        var quota = Quota.PerShanghaiDay("wishes:5", 10, lateEvening);
        Assert.Multiple(() =>
        {
            Assert.That(quota.Key, Is.EqualTo("wishes:5:20260301"));
            Assert.That(quota.WindowEndsAt, Is.EqualTo(ShanghaiTime.FromShanghaiLocal(new DateTime(2026, 3, 2))));
        });
    }
}
