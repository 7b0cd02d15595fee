using Zhuji.Domain.Identity;

namespace Zhuji.Domain.Tests;

public class AdminAccountTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 1, 0, 0, DateTimeKind.Utc);

    [Test]
    public void LocksAfterFiveFailuresForFifteenMinutes()
    {
        var account = new AdminAccount(1, "admin", "hash", Now);
        for (var i = 0; i < AdminAccount.MaxFailedAttempts - 1; i++)
        {
            account.RecordFailure(Now);
        }

        Assert.That(account.IsLockedOut(Now), Is.False);
        account.RecordFailure(Now);
        Assert.Multiple(() =>
        {
            Assert.That(account.IsLockedOut(Now), Is.True);
            Assert.That(account.IsLockedOut(Now + AdminAccount.LockoutDuration - TimeSpan.FromSeconds(1)), Is.True);
            Assert.That(account.IsLockedOut(Now + AdminAccount.LockoutDuration), Is.False);
        });
    }

    [Test]
    public void SuccessResetsTheFailureCount()
    {
        var account = new AdminAccount(1, "admin", "hash", Now);
        for (var i = 0; i < AdminAccount.MaxFailedAttempts - 1; i++)
        {
            account.RecordFailure(Now);
        }

        account.RecordSuccess();
        account.RecordFailure(Now);
        Assert.That(account.IsLockedOut(Now), Is.False);
    }
}
