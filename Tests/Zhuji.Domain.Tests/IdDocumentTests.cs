using Zhuji.Domain.Certificates;
using Zhuji.Domain.Common;

namespace Zhuji.Domain.Tests;

/// <summary>The identity document a certificate names: checked as typed, kept and printed masked only.</summary>
public class IdDocumentTests
{
    // A well-formed 居民身份证 number (GB 11643 check character X), not a real person's.
    private const string Resident = "11010519491231002X";

    [Test]
    public void AResidentIdCardNeedsItsCheckCharacterAndIsKeptMasked()
    {
        var id = IdDocument.Of(IdType.ResidentIdCard, " 11010519491231002x ");
        Assert.Multiple(() =>
        {
            Assert.That((id.TypeName, id.MaskedNumber), Is.EqualTo(("居民身份证", "110***********002X")));
            Assert.That(id.MaskedNumber, Does.Not.Contain("19491231"), "the birth date never survives");
            Assert.That(IdDocument.IsWellFormed(IdType.ResidentIdCard, Resident[..17] + "1"), Is.False, "a wrong check character");
            Assert.That(IdDocument.IsWellFormed(IdType.ResidentIdCard, Resident[..16]), Is.False);
            Assert.That(Given.Refusal(() => IdDocument.Of(IdType.ResidentIdCard, "110105194912310021")).Errors["idNumber"], Is.EqualTo(new[] { IdDocument.Invalid }));
        });
    }

    [TestCase(IdType.HongKongMacaoPermit, "H12345678", "H*****678")]
    [TestCase(IdType.HongKongMacaoPermit, "M1234567801", "M*******801")]
    [TestCase(IdType.TaiwanPermit, "12345678", "1****678")]
    [TestCase(IdType.Passport, "E12345678", "E*****678")]
    public void OtherDocumentsKeepTheirFirstAndLastThree(IdType type, string number, string masked) =>
        Assert.That(IdDocument.Of(type, number).MaskedNumber, Is.EqualTo(masked));

    [TestCase(IdType.HongKongMacaoPermit, "X12345678")]
    [TestCase(IdType.TaiwanPermit, "1234")]
    [TestCase(IdType.Passport, "E-1234567")]
    public void AMalformedNumberIsRefused(IdType type, string number) =>
        Assert.That(Given.Refusal(() => IdDocument.Of(type, number)).Code, Is.EqualTo(ErrorCodes.ValidationFailed));

    [Test]
    public void ACertificateNamesTheDocumentAskedForAndWithoutOneIsTheSameCertificate()
    {
        var figures = new CertificateFigures(7, 2026, "张三", "市教育局", "城西社区", 3, 6, 5);
        var id = IdDocument.Of(IdType.ResidentIdCard, Resident);
        var certificate = Certificate.Issue(figures, "城西社区党组织", Given.Now, id: id);
        Assert.Multiple(() =>
        {
            Assert.That((certificate.IdTypeName, certificate.IdNumberMasked), Is.EqualTo(("居民身份证", "110***********002X")));
            Assert.That(certificate.States(figures, id), Is.True);
            Assert.That(certificate.States(figures), Is.True, "asked again without a document: the same certificate");
            Assert.That(certificate.States(figures, IdDocument.Of(IdType.Passport, "E12345678")), Is.False, "another document: a new certificate");
            Assert.That(Certificate.Issue(figures, "城西社区党组织", Given.Now).States(figures, id), Is.False);
        });
        certificate.Anonymise();
        Assert.That((certificate.Name, certificate.IdNumberMasked), Is.EqualTo(("已注销用户", "******************")));
    }
}
