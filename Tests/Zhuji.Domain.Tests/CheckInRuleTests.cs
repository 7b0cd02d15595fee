using System.Text;
using Zhuji.Domain.Certificates;
using Zhuji.Domain.Common;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Uploads;

namespace Zhuji.Domain.Tests;

/// <summary>Check-in codes, the geofence, the window, hours, long days, confirmation with check-in, reminders, uploads, certificates.</summary>
public class CheckInRuleTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("a secret of the server, 32 bytes or more");
    private static readonly DateTime Start = Given.Now.AddHours(1);
    private static readonly DateTime End = Start.AddHours(3);
    private const long Task = 42, Member = 70, Admin = 99;

    [Test]
    public void TheCodesOfThePreviousAndNextWindowAreAcceptedAndOlderOnesAreNot()
    {
        var now = Given.Now.AddSeconds(30);
        var window = CheckInCode.WindowOf(now);
        Assert.Multiple(() =>
        {
            Assert.That(CheckInCode.Verify(Key, Task, CheckInCode.For(Key, Task, window), now), Is.True);
            Assert.That(CheckInCode.Verify(Key, Task, CheckInCode.For(Key, Task, window - 1), now), Is.True, "a screen a minute behind");
            Assert.That(CheckInCode.Verify(Key, Task, CheckInCode.For(Key, Task, window + 1), now), Is.True, "a phone a minute ahead");
            Assert.That(CheckInCode.Verify(Key, Task, CheckInCode.For(Key, Task, window - 2), now), Is.False, "a photo of the screen two minutes old");
            Assert.That(CheckInCode.Verify(Key, Task, CheckInCode.For(Key, Task, window + 2), now), Is.False);
        });
    }

    [Test]
    public void AnotherTasksCodeOrAnotherSecretsCodeIsRefused()
    {
        var (code, _) = CheckInCode.Current(Key, Task, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(CheckInCode.Verify(Key, Task + 1, code, Given.Now), Is.False);
            Assert.That(CheckInCode.Verify(Encoding.ASCII.GetBytes("another server's secret, also long enough"), Task, code, Given.Now), Is.False);
            Assert.That(CheckInCode.For(Key, Task, 1), Is.Not.EqualTo(CheckInCode.For(Key, Task + 1, 1)));
        });
    }

    [Test]
    public void TheQrTextIsAcceptedForItsOwnTaskOnly()
    {
        var (code, expiresAt) = CheckInCode.Current(Key, Task, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(code, Does.Match("^[0-9]{6}$"));
            Assert.That(expiresAt, Is.GreaterThan(Given.Now).And.LessThanOrEqualTo(Given.Now.AddSeconds(60)));
            Assert.That(CheckInCode.Verify(Key, Task, CheckInCode.QrText(Task, code), Given.Now), Is.True);
            Assert.That(CheckInCode.Verify(Key, Task, CheckInCode.QrText(Task + 1, code), Given.Now), Is.False);
            Assert.That(CheckInCode.Verify(Key, Task, "abc", Given.Now), Is.False);
            Assert.That(CheckInCode.Verify(Key, Task, null, Given.Now), Is.False);
        });
    }

    [Test]
    public void TheGeofenceHoldsAtItsEdge()
    {
        var fence = new Geofence(29.7136, 120.2420, 200);
        // 0.001° of latitude is about 111.2 m.
        Assert.Multiple(() =>
        {
            Assert.That(fence.Contains(29.7136 + 0.00179, 120.2420), Is.True, "199 m north");
            Assert.That(fence.Contains(29.7136 + 0.00181, 120.2420), Is.False, "201 m north");
            Assert.That(Geofence.Distance(29.7136, 120.2420, 29.7136, 120.2420), Is.Zero);
            Assert.That(Geofence.Check(91, 0, 200), Is.Not.Empty);
            Assert.That(Geofence.Check(29, 120, 5), Is.Not.Empty);
            Assert.That(Geofence.Check(29, 120, 200), Is.Empty);
        });
    }

    [Test]
    public void CheckInOpensHalfAnHourBeforeTheStartAndClosesAtTheEnd()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Given.Refusal(() => Claim.Grab(Task, null, Member, Given.Now).CheckIn(Start, End, Start.AddMinutes(-31))).Message, Is.EqualTo(Attendance.OutsideWindow));
            Assert.That(Given.Refusal(() => Claim.Grab(Task, null, Member, Given.Now).CheckIn(Start, End, End.AddSeconds(1))).Code, Is.EqualTo(ErrorCodes.InvalidState));
            Assert.DoesNotThrow(() => Claim.Grab(Task, null, Member, Given.Now).CheckIn(Start, End, Start.AddMinutes(-30)));
            Assert.DoesNotThrow(() => Claim.Grab(Task, null, Member, Given.Now).CheckIn(Start, End, End));
        });
    }

    [Test]
    public void CheckingInTwiceOrOutWithoutCheckingInIsInvalidState()
    {
        var claim = Claim.Grab(Task, null, Member, Given.Now);
        Assert.That(Given.Refusal(() => claim.CheckOut(Start, End, "南门", 0, Start)).Message, Is.EqualTo(Attendance.NotCheckedIn));
        claim.CheckIn(Start, End, Start);
        Assert.That(Given.Refusal(() => claim.CheckIn(Start, End, Start.AddMinutes(1))).Code, Is.EqualTo(ErrorCodes.InvalidState));
        claim.CheckOut(Start, End, "南门", 0, Start.AddHours(1));
        Assert.That(Given.Refusal(() => claim.CheckOut(Start, End, "南门", 0, Start.AddHours(2))).Message, Is.EqualTo(Attendance.AlreadyCheckedOut));
    }

    [Test]
    public void ACheckOutSoonerThanTheMinimumAfterTheCheckInIsRefused()
    {
        var claim = Claim.Grab(Task, null, Member, Given.Now);
        claim.CheckIn(Start, End, Start);
        var refusal = Given.Refusal(() => claim.CheckOut(Start, End, "南门", 0, Start.AddMinutes(9)));
        Assert.That((refusal.Code, refusal.Message), Is.EqualTo((ErrorCodes.ServiceTooShort, "签到后满 10 分钟才能签退")));
        Assert.That(claim.CheckedOutAt, Is.Null, "nothing recorded");
        Assert.That(Given.Refusal(() => claim.CheckOut(Start, End, "南门", 0, Start.AddMinutes(29), TimeSpan.FromMinutes(30))).Code, Is.EqualTo(ErrorCodes.ServiceTooShort));
        Assert.That(claim.CheckOut(Start, End, "南门", 0, Start.AddMinutes(10)), Is.Zero, "ten minutes is allowed, and counts no half hour");
    }

    [TestCase(0, 89, 1.0)]
    [TestCase(0, 90, 1.5)]
    [TestCase(0, 29, 0.0)]
    [TestCase(-30, 60, 1.0)] // in before the start: counted from the start
    [TestCase(60, 200, 2.0)] // out after the end: counted to the end
    public void HoursRunFromCheckInToCheckOutInsideTheWindowRoundedDownToTheHalfHour(int inMinutes, int outMinutes, double hours) =>
        Assert.That(Attendance.Hours(Start.AddMinutes(inMinutes), Start.AddMinutes(outMinutes), Start, End), Is.EqualTo((decimal)hours));

    [Test]
    public void CheckOutWritesTheRecordWithTheMeasuredHoursAndAPhoneCannotClaimMore()
    {
        var claim = Claim.Grab(Task, null, Member, Given.Now);
        claim.CheckIn(Start, End, Start.AddMinutes(-10));
        var hours = claim.CheckOut(Start, End, "小区南门", 0, Start.AddMinutes(100));
        Assert.Multiple(() =>
        {
            Assert.That(hours, Is.EqualTo(1.5m));
            Assert.That(claim.Status, Is.EqualTo(ClaimStatus.Submitted));
            Assert.That((claim.ServedAt, claim.Hours, claim.Place), Is.EqualTo((Start, 1.5m, "小区南门")));
        });

        claim.Record(new ServiceRecordDetails(Start, 6, "清扫楼道", "3幢", []), Member, Start, End, Start.AddHours(2));
        Assert.That((claim.Hours, claim.Content), Is.EqualTo((1.5m, "清扫楼道")), "the record carries the measured hours");
    }

    [Test]
    public void MoreThanEightHoursInOneDayIsMarkedForReview()
    {
        var claim = Claim.Grab(Task, null, Member, Given.Now);
        claim.CheckIn(Start, End, Start);
        claim.CheckOut(Start, End, "南门", otherHoursThatDay: 6, Start.AddHours(3));
        Assert.That(claim.NeedsReview, Is.True, "6 + 3 hours");

        var shortDay = Claim.Grab(Task, null, Member, Given.Now);
        shortDay.CheckIn(Start, End, Start);
        shortDay.CheckOut(Start, End, "南门", otherHoursThatDay: 5, Start.AddHours(3));
        Assert.That(shortDay.NeedsReview, Is.False, "exactly 8 hours is a normal day");

        var typed = Claim.Grab(Task, null, Member, Given.Now);
        typed.Record(new ServiceRecordDetails(Start, 9, "值守", "南门", []), Member, Start, End, Start.AddHours(1));
        Assert.That(typed.NeedsReview, Is.True, "a typed record of 9 hours");
    }

    [Test]
    public void ATaskThatRequiresCheckInIsConfirmedOnlyAfterCheckOutOrOnAttendance()
    {
        var recorded = Claim.Grab(Task, null, Member, Given.Now);
        recorded.Record(new ServiceRecordDetails(Start, 2, "值守", "南门", []), Member, Start, End, Start.AddHours(1));
        Assert.That(Given.Refusal(() => recorded.ConfirmRecord(Admin, Member, Start, End, End, checkInRequired: true)).Message, Is.EqualTo(Attendance.NeedsCheckIn));
        Assert.DoesNotThrow(() => recorded.ConfirmRecord(Admin, Member, Start, End, End, checkInRequired: false), "without the requirement a record is enough");

        var checkedOut = Claim.Grab(Task, null, Member, Given.Now);
        checkedOut.CheckIn(Start, End, Start);
        checkedOut.CheckOut(Start, End, "南门", 0, Start.AddHours(2));
        Assert.That(checkedOut.ConfirmRecord(Admin, Member, Start, End, End, checkInRequired: true), Is.EqualTo(Start));

        var attended = Claim.Grab(Task, null, Member, Given.Now);
        Assert.DoesNotThrow(() => attended.ConfirmRecord(Admin, Member, Start, End, End, new ServiceRecordDetails(Start, 2, "现场签到", "南门", []), checkInRequired: true));
    }

    [Test]
    public void ACancelledClaimCannotCheckIn()
    {
        var claim = Claim.Grab(Task, null, Member, Given.Now);
        claim.Cancel(Start, Given.Now);
        Assert.That(Given.Refusal(() => claim.CheckIn(Start, End, Start)).Code, Is.EqualTo(ErrorCodes.InvalidState));
    }

    [Test]
    public void RemindersFallADayAndTwoHoursBefore()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TaskReminders.Due(Start, Start.AddHours(-25)), Is.Null);
            Assert.That(TaskReminders.Due(Start, Start.AddHours(-24)), Is.EqualTo(ReminderKind.DayBefore));
            Assert.That(TaskReminders.Due(Start, Start.AddHours(-3)), Is.EqualTo(ReminderKind.DayBefore));
            Assert.That(TaskReminders.Due(Start, Start.AddHours(-2)), Is.EqualTo(ReminderKind.TwoHoursBefore));
            Assert.That(TaskReminders.Due(Start, Start), Is.Null, "nothing once it has started");
        });
    }

    [Test]
    public void UploadsAreKnownByTheirBytesNotTheirName()
    {
        Assert.Multiple(() =>
        {
            Assert.That(UploadRules.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Is.EqualTo(ImageKind.Jpeg));
            Assert.That(UploadRules.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), Is.EqualTo(ImageKind.Png));
            Assert.That(UploadRules.Sniff("RIFF\0\0\0\0WEBPVP8 "u8), Is.EqualTo(ImageKind.WebP));
            Assert.That(UploadRules.Sniff("MZ\u0090\0"u8), Is.Null, "a Windows executable named photo.jpg");
            Assert.That(UploadRules.Sniff([]), Is.Null);
        });
    }

    [Test]
    public void APhotoIsSeenByItsUploaderAndOnceAttachedByTheRecordsReaders()
    {
        var upload = Upload.Create(Member, 10, 10, 100, Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(UploadRules.MaySee(upload, Member, null, false), Is.True);
            Assert.That(UploadRules.MaySee(upload, Admin, null, true), Is.False, "not attached: the uploader only");
            Assert.That(UploadRules.MayAttach(upload, Member, 5), Is.True);
            Assert.That(UploadRules.MayAttach(upload, Admin, 5), Is.False, "another member's photo");
        });

        upload.AttachTo(5);
        Assert.Multiple(() =>
        {
            Assert.That(UploadRules.MaySee(upload, Admin, Member, mayDecideClaim: true), Is.True);
            Assert.That(UploadRules.MaySee(upload, 123, Member, mayDecideClaim: false), Is.False);
            Assert.That(UploadRules.MayAttach(upload, Member, 6), Is.False, "one claim only");
            Assert.That(Given.Refusal(() => upload.AttachTo(6)).Errors.Keys, Is.EquivalentTo(new[] { "photoUrls" }));
        });

        upload.Hide();
        Assert.That(UploadRules.MaySee(upload, Member, Member, true), Is.False);
    }

    [Test]
    public void ACertificateKeepsItsFiguresAndItsSerialIsWellFormed()
    {
        var figures = new CertificateFigures(Member, 2026, "张三丰", "诸暨市财政局", "城西社区", 6, 13.5m, 7);
        var certificate = Certificate.Issue(figures, "中共诸暨市委组织部", Given.Now);
        Assert.Multiple(() =>
        {
            Assert.That(Certificate.IsWellFormed(certificate.Serial), Is.True, certificate.Serial);
            Assert.That(certificate.Serial, Does.StartWith("ZJ2026-"));
            Assert.That(Certificate.IsWellFormed(certificate.Serial[..^1] + "I"), Is.False, "not in the alphabet");
            Assert.That(Certificate.IsWellFormed("../etc/passwd"), Is.False);
            Assert.That(certificate.MaskedName, Is.EqualTo("张*"));
            Assert.That(certificate.States(figures), Is.True);
            Assert.That(certificate.States(figures with { Flags = 6 }), Is.False);
            Assert.That(Given.Refusal(() => Certificate.CheckYear(2027, Given.Now)).Errors.Keys, Is.EquivalentTo(new[] { "year" }));
            Assert.DoesNotThrow(() => Certificate.CheckYear(2026, Given.Now));
        });

        certificate.Supersede(Given.Now);
        Assert.That(certificate.Valid, Is.False);
    }
}

/// <summary>Guessing codes locks; a fenced task needs the phone's position; a refusal says what the claim is.</summary>
public class CheckInLockoutTests
{
    [Test]
    public void AWrongCodeSaysHowManyTriesAreLeftAndTheTenthLocks() =>
        Assert.Multiple(() =>
        {
            Assert.That(CheckInLockout.Wrong(1), Does.Contain("还可尝试 9 次"));
            Assert.That(CheckInLockout.Wrong(9), Does.Contain("还可尝试 1 次"));
            Assert.That(CheckInLockout.Wrong(10), Does.Contain("暂停 15 分钟"));
        });

    [Test]
    public void ALockSaysWhoseAndForHowLong()
    {
        var now = Given.Now;
        Assert.Multiple(() =>
        {
            Assert.That(CheckInLockout.Locked(now.AddMinutes(14).AddSeconds(1), now, wholeTask: false), Does.Contain("您的签到").And.Contain("15 分钟"));
            Assert.That(CheckInLockout.Locked(now.AddSeconds(10), now, wholeTask: true), Does.Contain("该任务").And.Contain("1 分钟"));
            Assert.That(CheckInLockout.ClaimKey(7), Is.Not.EqualTo(CheckInLockout.TaskKey(7)));
        });
    }

    [Test]
    public void AFencedTaskNeedsBothCoordinatesAnUnfencedOneNone()
    {
        var fence = new Geofence(29.7, 120.2, 300);
        Assert.Multiple(() =>
        {
            Assert.That(OnSiteRules.NeedsLocation(fence, null, null), Is.True);
            Assert.That(OnSiteRules.NeedsLocation(fence, 29.7, null), Is.True);
            Assert.That(OnSiteRules.NeedsLocation(fence, 29.7, 120.2), Is.False);
            Assert.That(OnSiteRules.NeedsLocation(null, null, null), Is.False);
        });
    }

    [TestCase(ClaimStatus.Claimed, true, false, Attendance.AlreadyCheckedIn)]
    [TestCase(ClaimStatus.Submitted, true, true, Attendance.AlreadyCheckedOut)]
    [TestCase(ClaimStatus.Cancelled, false, false, "认领已取消")]
    [TestCase(ClaimStatus.Claimed, false, false, "签到未完成：认领刚被修改，请重试")]
    public void AnOvertakenCheckInIsToldWhatTheClaimNowIs(ClaimStatus status, bool checkedIn, bool checkedOut, string expected) =>
        Assert.That(Attendance.Describe(status, checkedIn, checkedOut), Is.EqualTo(expected));
}
