using System.Security.Cryptography;
using Zhuji.Domain.Common;
using Zhuji.Domain.Points;

namespace Zhuji.Domain.Certificates;

/// <summary>
/// What a certificate states, read from the ledger and the confirmed services of a range of Shanghai years
/// (<see cref="FromYear"/> to <see cref="Year"/>; one year when the same), with the star his lifetime hours make.
/// </summary>
public sealed record CertificateFigures(long MemberId, int Year, string Name, string WorkUnit, string Community, int Services, decimal Hours, int Flags,
    int? FromYear = null, string StarName = "志愿者")
{
    public int First => FromYear ?? Year;
}

/// <summary>A service listed on the certificate: when, what, how long.</summary>
public sealed record CertificateService(DateTime ServedAt, string Title, decimal Hours);

/// <summary>
/// A volunteer service certificate (志愿服务证明, under 民政部令第67号《志愿服务记录与证明出具办法》 and 民发〔2015〕149号) for one member
/// and one year or a range of years, issued by the community that recorded the services (谁记录谁证明) with its handler. The figures
/// are kept as issued, so the PDF and its verification always say the same; asking again with the same figures
/// gives the same certificate, with changed figures (a late confirmation, a revoked flag) a new one, and the old
/// one then verifies as no longer valid.
/// </summary>
public sealed class Certificate
{
    public const string SerialPrefix = "ZJ";
    public const int FirstYear = 2020;

    private Certificate()
    {
    }

    public long Id { get; private set; }

    /// <summary><c>ZJ2026-</c> and 12 random characters of Crockford's base 32: printed, typed, scanned.</summary>
    public string Serial { get; private set; } = "";

    public long MemberId { get; private set; }

    /// <summary>The first year it covers (the same as <see cref="Year"/> for one year).</summary>
    public int FromYear { get; private set; }

    /// <summary>The last year it covers.</summary>
    public int Year { get; private set; }
    public string Name { get; private set; } = "";
    public string WorkUnit { get; private set; } = "";
    public string Community { get; private set; } = "";
    public int Services { get; private set; }
    public decimal Hours { get; private set; }
    public int Flags { get; private set; }
    /// <summary>谁记录谁证明: the party organization of the community that recorded the services.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>经办人: the admin who confirmed most of the services; and where to ask about it.</summary>
    public string Handler { get; private set; } = "";

    public string Contact { get; private set; } = "";

    /// <summary>星级志愿者 as of the issue (by his hours over all years).</summary>
    public string StarName { get; private set; } = "";

    public DateTime IssuedAt { get; private set; }

    /// <summary>证件类型 and the number masked (<see cref="IdDocument"/>), when he gave them; empty otherwise (printed "未提供").</summary>
    public string IdTypeName { get; private set; } = "";

    public string IdNumberMasked { get; private set; } = "";

    /// <summary>The years as printed: 2026 年度, or 2024—2026 年.</summary>
    public string Period => FromYear == Year || FromYear == 0 ? $"{Year} 年度" : $"{FromYear}—{Year} 年";

    /// <summary>A later certificate of the same member and year with other figures replaced this one.</summary>
    public DateTime? SupersededAt { get; private set; }

    public bool Valid => SupersededAt is null;

    /// <summary>
    /// 谁记录谁证明: of the services a certificate lists (each with the community it was recorded in and the admin who
    /// recorded it), the community that recorded most of them and, there, the admin who recorded most (经办人); the
    /// earliest listed wins a tie. None when nothing is listed.
    /// </summary>
    public static (long? Community, long? Handler) RecordedMostBy(IReadOnlyList<(long CommunityId, long RecordedByUserId)> services)
    {
        var community = services.GroupBy(s => s.CommunityId).OrderByDescending(g => g.Count()).Select(g => (long?)g.Key).FirstOrDefault();
        var handler = services.Where(s => s.CommunityId == community).GroupBy(s => s.RecordedByUserId).OrderByDescending(g => g.Count())
            .Select(g => (long?)g.Key).FirstOrDefault();
        return (community, handler);
    }

    /// <summary>Cancellation of the volunteer: the certificate's figures stand (a verifier still sees them), his name goes.</summary>
    public void Anonymise() => (Name, IdNumberMasked) = (Privacy.Cancellation.Name, IdNumberMasked.Length == 0 ? "" : new string('*', IdNumberMasked.Length));

    public static Certificate Issue(CertificateFigures figures, string issuer, DateTime now, string handler = "", string contact = "", IdDocument? id = null) => new()
    {
        IdTypeName = id?.TypeName ?? "",
        IdNumberMasked = id?.MaskedNumber ?? "",
        Serial = NewSerial(figures.Year),
        MemberId = figures.MemberId,
        FromYear = figures.First,
        Year = figures.Year,
        Name = figures.Name,
        WorkUnit = figures.WorkUnit,
        Community = figures.Community,
        Services = figures.Services,
        Hours = figures.Hours,
        Flags = figures.Flags,
        StarName = figures.StarName,
        Issuer = issuer,
        Handler = handler,
        Contact = contact,
        IssuedAt = now,
    };

    /// <summary>
    /// Whether this certificate says what the figures say, and names the document he gives now (none given: whichever it
    /// names): asked again, it is the same certificate.
    /// </summary>
    public bool States(CertificateFigures figures, IdDocument? id = null) =>
        (MemberId, FromYear, Year, Name, WorkUnit, Community, Services, Hours, Flags, StarName) ==
        (figures.MemberId, figures.First, figures.Year, figures.Name, figures.WorkUnit, figures.Community, figures.Services, figures.Hours, figures.Flags, figures.StarName) &&
        (id is null || (IdTypeName, IdNumberMasked) == (id.TypeName, id.MaskedNumber));

    public void Supersede(DateTime now) => SupersededAt ??= now;

    /// <summary>The name as the public verification shows it: the surname only (张*).</summary>
    public string MaskedName => Leaderboard.MaskName(Name);

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string NewSerial(int year)
    {
        var bytes = RandomNumberGenerator.GetBytes(12);
        return $"{SerialPrefix}{year}-{new string(bytes.Select(b => Alphabet[b % 32]).ToArray())}";
    }

    /// <summary>Whether a string can be a serial at all (a scan of anything else is turned away without a query).</summary>
    public static bool IsWellFormed(string? serial) =>
        serial is { Length: 19 } s && s.StartsWith(SerialPrefix, StringComparison.Ordinal) && s[2..6].All(char.IsAsciiDigit) && s[6] == '-' &&
        s[7..].All(c => Alphabet.Contains(c));

    /// <summary>A year a member can ask for: from <see cref="FirstYear"/> to the current Shanghai year.</summary>
    public static void CheckYear(int year, DateTime now, string field = "year")
    {
        if (year < FirstYear || year > ShanghaiTime.YearOf(now))
        {
            throw DomainException.Invalid(field, $"年度须在 {FirstYear} 年至今年之间");
        }
    }

    /// <summary>The most years one certificate covers.</summary>
    public const int MaxYears = 10;

    /// <summary>A range of years a member can ask for (<c>fromYear</c> to <c>toYear</c>), each a year he could ask for alone.</summary>
    public static void CheckYears(int fromYear, int toYear, DateTime now)
    {
        CheckYear(fromYear, now, "fromYear");
        CheckYear(toYear, now, "toYear");
        if (fromYear > toYear || toYear - fromYear >= MaxYears)
        {
            throw DomainException.Invalid("fromYear", $"起止年度须从早到晚，且不超过 {MaxYears} 年");
        }
    }
}
