using Zhuji.Domain.Common;

namespace Zhuji.Domain.Privacy;

/// <summary>What a person agreed to: the privacy notice, or the separate consent for his location at check-in (PIPL Art. 29).</summary>
public enum ConsentKind
{
    Privacy,
    Location,
}

/// <summary>
/// A person's consent to one version of the privacy notice (or to the use of his location), with when he gave it and,
/// once he takes it back, when he withdrew it (PIPL Art. 15). Never deleted: the record of what was agreed stays.
/// </summary>
public sealed class Consent
{
    private Consent()
    {
    }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public ConsentKind Kind { get; private set; }
    public string Version { get; private set; } = "";
    public DateTime GivenAt { get; private set; }
    public DateTime? WithdrawnAt { get; private set; }

    public bool InForce => WithdrawnAt is null;

    /// <summary>
    /// Consent to <paramref name="version"/> of the notice. Only the version in force may be agreed to (one the person
    /// has read); agreeing again to what he agreed to is the same consent.
    /// </summary>
    public static Consent Give(long userId, ConsentKind kind, string version, string currentVersion, DateTime now)
    {
        if (version != currentVersion)
        {
            throw DomainException.Invalid("version", $"隐私政策已更新为 {currentVersion} 版，请阅读新版后再同意");
        }

        return new Consent { UserId = userId, Kind = kind, Version = version, GivenAt = now };
    }

    public void Withdraw(DateTime now) => WithdrawnAt ??= now;

    public const string LocationConsentMissing = "签到时发送位置需要您单独同意位置信息授权，请先在小程序中同意（也可不发送位置，仅凭现场签到码签到）";

    /// <summary>
    /// Coordinates sent at check-in are used only under a location consent in force (any version: the purpose has not
    /// changed). Without coordinates there is nothing to consent to.
    /// </summary>
    public static bool Permits(IEnumerable<Consent> consents, bool sendsLocation) =>
        !sendsLocation || consents.Any(c => c.Kind == ConsentKind.Location && c.InForce);
}
