using System.ComponentModel;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Certificates;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Certificates;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Certificates;

/// <summary>
/// <c>{year}</c> for one year, or <c>{fromYear, toYear}</c> for a range (at most 10 years); <c>{idType, idNumber}</c> to print
/// his identity document, masked (only the masked number is kept).
/// </summary>
public sealed record IssueCertificateRequest(
    int? Year,
    int? FromYear = null,
    int? ToYear = null,
    [property: Description("证件类型（与 idNumber 同时填写；不填则证明不载证件）")] IdType? IdType = null,
    [property: Description("证件号码：只核对格式并以脱敏形式（如 330***********123X）记载，完整号码不保存")] string? IdNumber = null);

/// <summary>
/// A certificate as its member sees it: where to download it and what it states — the years (<c>fromYear</c> to
/// <c>year</c>), services, hours, flags, his star, and who issued it (the recording community, its handler and contact).
/// </summary>
public sealed record CertificateDto(string Serial, string Url, string VerifyUrl, int Year, int Services, decimal Hours, int Flags, string Issuer, DateTime IssuedAt, bool Valid,
    int FromYear = 0, string StarName = "", string Handler = "", string Contact = "",
    [property: Description("证件类型（未提供时为空）")] string IdType = "",
    [property: Description("证件号码（脱敏）")] string IdNumber = "");

/// <summary>What anyone who scans the QR is told: the name masked, the figures, and whether they still stand.</summary>
public sealed record CertificateVerificationDto(bool Valid, string Serial, string Name, int Year, int Services, decimal Hours, int Flags, string Issuer, DateTime IssuedAt,
    int FromYear = 0, string StarName = "", string Handler = "",
    [property: Description("证件类型（未提供时为空）")] string IdType = "",
    [property: Description("证件号码（脱敏），可与持证人证件核对")] string IdNumber = "");

internal sealed class IssueCertificateRequestValidator : AbstractValidator<IssueCertificateRequest>
{
    public IssueCertificateRequestValidator()
    {
        RuleFor(r => r.Year).NotNull().When(r => r.FromYear is null && r.ToYear is null).WithMessage("请选择年度，或起止年度");
        RuleFor(r => r.Year).Null().When(r => r.FromYear is not null || r.ToYear is not null).WithMessage("年度与起止年度只能选一种");
        RuleFor(r => r.FromYear).NotNull().When(r => r.ToYear is not null).WithMessage("请选择起始年度");
        RuleFor(r => r.ToYear).NotNull().When(r => r.FromYear is not null).WithMessage("请选择截止年度");
        RuleFor(r => r.IdType).IsInEnum().WithMessage("证件类型无效");
        RuleFor(r => r.IdNumber).NotEmpty().When(r => r.IdType is not null).WithMessage(IdDocument.BothOrNeither);
        RuleFor(r => r.IdType).NotNull().When(r => !string.IsNullOrWhiteSpace(r.IdNumber)).WithMessage(IdDocument.BothOrNeither);
        RuleFor(r => r.IdNumber).MaximumLength(30).WithMessage(IdDocument.Invalid);
    }
}

/// <summary>
/// Service certificates (志愿服务证明): a member asks for his year's, downloads it as a PDF, and anyone holding the
/// paper scans its QR to see, without logging in, that the serial is real and what it states.
/// </summary>
public static class CertificateEndpoints
{
    /// <summary>The issuer printed on service certificates when the recording community does not issue them itself.</summary>
    [DefaultValue(DefaultIssuer)]
    public const string IssuerKey = "Zhuji:Certificates:Issuer";
    public const string DefaultIssuer = "中共诸暨市委组织部";

    public static RouteGroupBuilder MapCertificates(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Certificates").RequireAuthorization();
        group.MapPost("/me/certificates", Issue)
            .WithName("IssueCertificate").ScopedBy(ScopeCheck.Self).WithSummary("申请本人某年度的志愿服务证明（数据未变时返回同一份）")
            .RequireMember()
            .Validate<IssueCertificateRequest>()
            .ProducesProblem(400).ProducesProblem(403);
        group.MapGet("/certificates/{serial}/file", File)
            .WithName("GetCertificateFile").ScopedBy(ScopeCheck.Member).WithSummary("志愿服务证明 PDF（本人，或可查看其个人信息的管理员）")
            .Produces(200, contentType: "application/pdf").ProducesProblem(404);
        api.MapGet("/certificates/{serial}/verify", Verify)
            .WithTags("Certificates").WithName("VerifyCertificate").AllowAnonymous().WithSummary("核验志愿服务证明（扫码，无需登录；姓名脱敏）")
            .ProducesProblem(404).ProducesProblem(429);
        return api;
    }

    /// <summary>
    /// The short address printed under the QR (<c>/v/{serial}</c>, at the root): typed by hand from the paper, it shows
    /// the same page as the QR. Anonymous, under the anonymous rate limits of every request.
    /// </summary>
    public static IEndpointRouteBuilder MapCertificateShortLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{ShortPath}/{{serial}}", ShortLink).WithName("VerifyCertificateShortLink").AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public const string ShortPath = "/v";

    public static async Task<ContentHttpResult> ShortLink(string serial, HttpContext http, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var certificate = await FindAsync(db, serial.Trim().ToUpperInvariant(), cancellationToken);
        http.Response.Headers.ContentSecurityPolicy = VerificationPage.Policy;
        return certificate is null
            ? TypedResults.Content(VerificationPage.NotFound(serial), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Content(VerificationPage.Render(Verification(certificate)), "text/html; charset=utf-8");
    }

    public static async Task<Results<Created<CertificateDto>, ProblemHttpResult>> Issue(
        IssueCertificateRequest request, CallerMember me, ZhujiDbContext db, IConfiguration configuration, PublicLinks links, Auth.UserProfiles profiles,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (fromYear, year) = request.Year is { } one ? (one, one) : (request.FromYear!.Value, request.ToYear!.Value);
        if (fromYear == year)
        {
            Certificate.CheckYear(year, now, request.Year is null ? "toYear" : "year");
        }
        else
        {
            Certificate.CheckYears(fromYear, year, now);
        }

        var id = request.IdType is { } type && !string.IsNullOrWhiteSpace(request.IdNumber) ? IdDocument.Of(type, request.IdNumber) : null;

        // Two taps at once must not issue two serials for the same figures: his requests take turns.
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        await MemberLock.TakeAsync(db, me.Scope.Id, cancellationToken);
        var figures = await CertificateReads.FiguresAsync(db, me.Scope.Id, fromYear, year, (await profiles.StarAsync(me.Scope.Id, cancellationToken)).Name, cancellationToken);
        var issued = await db.Certificates.Where(c => c.MemberId == me.Scope.Id && c.Year == year && c.FromYear == fromYear && c.SupersededAt == null).ToListAsync(cancellationToken);
        var certificate = issued.FirstOrDefault(c => c.States(figures, id));
        if (certificate is null)
        {
            foreach (var old in issued)
            {
                old.Supersede(now);
            }

            var (issuer, handler) = await CertificateReads.IssuerAsync(db, me.Scope.Id, fromYear, year, cancellationToken);
            var system = $"{(configuration[IssuerKey] is { Length: > 0 } configured ? configured : DefaultIssuer)}（系统出具）";
            certificate = Certificate.Issue(figures, issuer, now, handler ?? system, configuration[ContactKey] is { Length: > 0 } contact ? contact : DefaultContact, id);
            db.Certificates.Add(certificate);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        var dto = ToDto(certificate, links);
        return TypedResults.Created(dto.Url, dto);
    }

    /// <summary>Where to ask about a certificate, printed under the issuer.</summary>
    [DefaultValue(DefaultContact)]
    public const string ContactKey = "Zhuji:Certificates:Contact";
    public const string DefaultContact = "出具证明的社区党组织（可在小程序“我的社区”中查看地址）";

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> File(
        string serial, Caller caller, ZhujiDbContext db, PlaceDirectory places, PublicLinks links, CancellationToken cancellationToken)
    {
        var certificate = await FindAsync(db, serial, cancellationToken);
        if (certificate is null)
        {
            return Problems.NotFound("证明不存在");
        }

        var member = await db.Members.AsNoTracking().Where(m => m.Id == certificate.MemberId)
            .Select(m => new { m.UserId, m.CommunityId, m.BlockId, m.WorkUnitId }).SingleAsync(cancellationToken);
        if (member.UserId != caller.UserId)
        {
            var street = (await places.CommunityAsync(member.CommunityId, cancellationToken))?.StreetId;
            if (!ScopeRules.SeesPersonalData(caller.Grants, new Place(street, member.CommunityId, member.BlockId, member.WorkUnitId)))
            {
                return Problems.NotFound("证明不存在");
            }
        }

        var services = (await ServiceHours.LinesAsync(db, certificate.MemberId, certificate.FromYear, certificate.Year, cancellationToken))
            .Select(l => new CertificateService(l.ServedAt, l.Title, l.Hours)).ToList();
        var pdf = CertificatePdf.Render(certificate, VerifyUrl(certificate, links), services, ShortUrl(certificate, links));
        return TypedResults.File(pdf, "application/pdf", $"志愿服务证明-{(certificate.FromYear == certificate.Year ? $"{certificate.Year}" : $"{certificate.FromYear}-{certificate.Year}")}-{certificate.Serial}.pdf");
    }

    /// <summary>
    /// JSON for the mini-program and any checker; a phone's browser that scanned the QR (it asks for text/html)
    /// gets the same as a small page.
    /// </summary>
    public static async Task<Results<Ok<CertificateVerificationDto>, ContentHttpResult, ProblemHttpResult>> Verify(
        string serial, HttpRequest request, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var certificate = await FindAsync(db, serial, cancellationToken);
        var wantsPage = request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (wantsPage)
        {
            request.HttpContext.Response.Headers.ContentSecurityPolicy = VerificationPage.Policy;
        }

        if (certificate is null)
        {
            return wantsPage
                ? TypedResults.Content(VerificationPage.NotFound(serial), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
                : Problems.NotFound("证明编号不存在，请核对");
        }

        var dto = Verification(certificate);
        if (wantsPage)
        {
            return TypedResults.Content(VerificationPage.Render(dto), "text/html; charset=utf-8");
        }

        return TypedResults.Ok(dto);
    }

    /// <summary>The certificate of a serial, or none (a serial not in our shape is not looked for).</summary>
    private static async Task<Certificate?> FindAsync(ZhujiDbContext db, string serial, CancellationToken cancellationToken) =>
        Certificate.IsWellFormed(serial)
            ? await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Serial == serial, cancellationToken)
            : null;

    private static CertificateVerificationDto Verification(Certificate c) =>
        new(c.Valid, c.Serial, c.MaskedName, c.Year, c.Services, c.Hours, c.Flags, c.Issuer, c.IssuedAt, c.FromYear, c.StarName, c.Handler, c.IdTypeName, c.IdNumberMasked);

    /// <summary>The address printed under the QR, short enough to type: <c>{base}/v/{serial}</c>.</summary>
    private static string ShortUrl(Certificate c, PublicLinks links) => $"{links.Base}{ShortPath}/{c.Serial}";

    private static CertificateDto ToDto(Certificate c, PublicLinks links) =>
        new(c.Serial, links.Api($"/certificates/{c.Serial}/file"), VerifyUrl(c, links), c.Year, c.Services, c.Hours, c.Flags, c.Issuer, c.IssuedAt, c.Valid,
            c.FromYear, c.StarName, c.Handler, c.Contact, c.IdTypeName, c.IdNumberMasked);

    private static string VerifyUrl(Certificate c, PublicLinks links) => links.Api($"/certificates/{c.Serial}/verify");
}
