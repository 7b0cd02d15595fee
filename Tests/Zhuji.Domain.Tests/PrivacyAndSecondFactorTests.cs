using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Privacy;
using Zhuji.Domain.Registrations;

namespace Zhuji.Domain.Tests;

/// <summary>The go-live rules: TOTP as RFC 6238 computes it, consent per version, cancellation, login limits that count failures.</summary>
public class PrivacyAndSecondFactorTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 2, 0, 0, DateTimeKind.Utc);

    /// <summary>RFC 6238 appendix B, SHA-1, its secret "12345678901234567890" in base32, the last six digits.</summary>
    [TestCase(59L, "287082")]
    [TestCase(1111111109L, "081804")]
    [TestCase(1234567890L, "005924")]
    [TestCase(20000000000L, "353130")]
    public void TotpCodesAreTheRfcVectors(long unixSeconds, string expected)
    {
        const string secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        var at = DateTime.UnixEpoch.AddSeconds(unixSeconds);
        Assert.That(Totp.Code(secret, Totp.StepOf(at)), Is.EqualTo(expected));
    }

    [Test]
    public void ACodeIsAcceptedOneStepEitherSideAndNeverTwice()
    {
        var account = new AdminAccount(7, "chengxi", "hash", Now);
        var secret = account.BeginTotp();
        Assert.That(account.HasTotp, Is.False, "a secret shown is not yet a second factor");
        Assert.Throws<DomainException>(() => account.ConfirmTotp("000000" == Totp.Code(secret, Totp.StepOf(Now)) ? "111111" : "000000", Now));
        account.ConfirmTotp(Totp.Code(secret, Totp.StepOf(Now)), Now);

        var later = Now.AddMinutes(5);
        var step = Totp.StepOf(later);
        Assert.Multiple(() =>
        {
            Assert.That(account.HasTotp, Is.True);
            Assert.That(account.AcceptTotp(Totp.Code(secret, step - 2), later), Is.False, "a minute old");
            Assert.That(account.AcceptTotp(Totp.Code(secret, step - 1), later), Is.True, "a phone a little behind");
            Assert.That(account.AcceptTotp(Totp.Code(secret, step - 1), later), Is.False, "the same code again");
            Assert.That(account.AcceptTotp(Totp.Code(secret, step), later), Is.True);
            Assert.That(account.AcceptTotp(Totp.Code(secret, step - 1), later), Is.False, "nothing older than the last one used");
            Assert.That(account.AcceptTotp("12345", later), Is.False);
            Assert.That(account.AcceptTotp(null, later), Is.False);
        });
    }

    [Test]
    public void NobodyResetsHisOwnSecondFactorAndAResetEndsHisTokens()
    {
        var user = User.ForAdminAccount("城西社区党委", Now);
        var account = new AdminAccount(user.Id, "chengxi", "hash", Now);
        var secret = account.BeginTotp();
        account.ConfirmTotp(Totp.Code(secret, Totp.StepOf(Now)), Now);
        Assert.Throws<DomainException>(() => account.ResetTotp(user, user.Id));
        var stamp = user.SecurityStamp;
        account.ResetTotp(user, user.Id + 1);
        Assert.Multiple(() =>
        {
            Assert.That(account.HasTotp, Is.False);
            Assert.That(user.SecurityStamp, Is.Not.EqualTo(stamp));
        });
    }

    [Test]
    public void ConsentIsToTheVersionInForceAndLocationNeedsItsOwn()
    {
        var ex = Assert.Throws<DomainException>(() => Consent.Give(1, ConsentKind.Privacy, "2020-01-01", PrivacyNotice.Version, Now));
        Assert.That(ex!.Code, Is.EqualTo(ErrorCodes.ValidationFailed));
        var privacy = Consent.Give(1, ConsentKind.Privacy, PrivacyNotice.Version, PrivacyNotice.Version, Now);
        var location = Consent.Give(1, ConsentKind.Location, PrivacyNotice.Version, PrivacyNotice.Version, Now);
        Assert.Multiple(() =>
        {
            Assert.That(Consent.Permits([], sendsLocation: false), Is.True, "no position sent, nothing to consent to");
            Assert.That(Consent.Permits([privacy], sendsLocation: true), Is.False, "the notice is not the location consent");
            Assert.That(Consent.Permits([privacy, location], sendsLocation: true), Is.True);
        });
        location.Withdraw(Now.AddDays(1));
        Assert.That(Consent.Permits([privacy, location], sendsLocation: true), Is.False);
    }

    [Test]
    public void CancellationAnonymisesTheUserAndRefusesAnAdmin()
    {
        var user = User.FromWeChat("o-123", "u-9", Now);
        var stamp = user.SecurityStamp;
        Assert.Throws<DomainException>(() => Cancellation.EnsureAllowed([new Grant(Role.CommunityAdmin, 5)]));
        Cancellation.EnsureAllowed([new Grant(Role.Member, 9)]);
        user.Cancel(Now);
        Assert.Multiple(() =>
        {
            Assert.That(user.DisplayName, Is.EqualTo(Cancellation.Name));
            Assert.That(user.OpenId, Is.Null);
            Assert.That(user.UnionId, Is.Null);
            Assert.That(user.SecurityStamp, Is.Not.EqualTo(stamp));
            Assert.That(user.CancelledAt, Is.EqualTo(Now));
        });
        Assert.Throws<DomainException>(() => user.Cancel(Now));
    }

    [Test]
    public void ACancelledRegistrationForgetsThePersonAndLeavesTheQueue()
    {
        var details = new RegistrationDetails("赵六", "13900000001", MemberType.Resident, null, new HomeAddress(1, 2, "3幢", "1单元", "301"), ["理发"]);
        var (registration, _) = Registration.Submit(5, details, RosterMatch.NotApplicable, PlaceNames.None, Now);
        registration.Anonymise(Now);
        Assert.Multiple(() =>
        {
            Assert.That(registration.Name, Is.EqualTo(Cancellation.Name));
            Assert.That(registration.Phone, Is.Empty);
            Assert.That(registration.Building + registration.Unit + registration.Room, Is.Empty);
            Assert.That(registration.Skills, Is.Empty);
            Assert.That(registration.Status, Is.EqualTo(RegistrationStatus.Rejected));
            Assert.That(registration.RejectReason, Is.EqualTo(Cancellation.WithdrawnReason));
        });
    }

    [TestCase("abcdefghij", false)]
    [TestCase("1234567890", false)]
    [TestCase("chengxi-admin", false)]
    [TestCase("abcdefghi1", true)]
    [TestCase("correct-horse", true)]
    [TestCase("城西社区党委2026年", true)]
    public void APasswordHasTwoKindsOfCharacterAndIsNotTheUsername(string password, bool strong) =>
        Assert.That(AdminAccount.IsStrongEnough(password, "chengxi-admin"), Is.EqualTo(strong));

    [Test]
    public void OnlyWrongPasswordsLockAndASuccessGivesItsPlaceBack()
    {
        var limits = LoginThrottle.Limits("chengxi", "10.0.0.1", Now);
        Assert.Multiple(() =>
        {
            Assert.That(LoginThrottle.Refuses(limits[0], LoginThrottle.PerAccountFromOneAddress - 1), Is.False);
            Assert.That(LoginThrottle.Refuses(limits[0], LoginThrottle.PerAccountFromOneAddress), Is.True);
            Assert.That(LoginThrottle.ReleasedOnSuccess("10.0.0.1"), Is.EqualTo(limits[2].Key), "the address's place goes back on a success");
            Assert.That(LoginThrottle.ClearedOnSuccess("chengxi", "10.0.0.1"), Does.Contain(LoginThrottle.FailuresOf(limits[0].Key)).And.Contain(LoginThrottle.FailuresOf(limits[1].Key)));
            Assert.That(LoginThrottle.ClearedOnSuccess("chengxi", "10.0.0.1"), Does.Not.Contain(LoginThrottle.FailuresOf(limits[2].Key)), "the address's failures keep counting");
        });
    }
}
