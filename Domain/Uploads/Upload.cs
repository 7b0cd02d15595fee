using System.Security.Cryptography;
using Zhuji.Domain.Common;

namespace Zhuji.Domain.Uploads;

public enum ImageKind
{
    Jpeg,
    Png,
    WebP,
}

/// <summary>
/// A photo of a service (纪实照片) as uploaded: kept re-encoded (no EXIF: phones put the home's GPS there) with a
/// thumbnail, under an unguessable <see cref="Token"/>. The uploader alone sees it until a record carries it;
/// then those who may see the record do (<see cref="UploadRules.MaySee"/>). A record may carry only uploads of
/// its own member, each on one claim only.
/// </summary>
public sealed class Upload
{
    private Upload()
    {
    }

    public long Id { get; private set; }

    /// <summary>22 URL-safe characters (128 random bits): the upload's name in its URL and in the store.</summary>
    public string Token { get; private set; } = "";

    public long UploadedByUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Width { get; private set; }
    public int Height { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>The claim whose record carries it, once one does.</summary>
    public long? ClaimId { get; private set; }

    /// <summary>WeChat's media check found it risky: nobody is shown it any more.</summary>
    public bool Hidden { get; private set; }

    /// <summary>The trace id of WeChat's image check (Live mode), whose verdict arrives later.</summary>
    public string? MediaTraceId { get; private set; }

    public void MediaCheckAsked(string traceId) => MediaTraceId = traceId;

    public static Upload Create(long uploadedByUserId, int width, int height, long bytes, DateTime now) => new()
    {
        Token = NewToken(),
        UploadedByUserId = uploadedByUserId,
        CreatedAt = now,
        Width = width,
        Height = height,
        Bytes = bytes,
    };

    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A record carries this photo; a photo belongs to one claim only.</summary>
    public void AttachTo(long claimId)
    {
        if (ClaimId is { } other && other != claimId)
        {
            throw DomainException.Invalid("photoUrls", "照片已用于另一条纪实");
        }

        ClaimId = claimId;
    }

    public void Hide() => Hidden = true;
}

/// <summary>What a photo upload must be, and who may look at one.</summary>
public static class UploadRules
{
    public const long MaxBytes = 5 * 1024 * 1024;

    /// <summary>The longest side kept; a phone's 4000-pixel photo is far more than a record needs.</summary>
    public const int MaxSide = 2048;

    public const int ThumbnailSide = 360;

    /// <summary>Decoding bombs: a tiny file that claims to be 100,000 × 100,000 pixels is refused before it is decoded.</summary>
    public const long MaxPixels = 50_000_000;

    /// <summary>
    /// The most pixels decoded for one photo (64 MB): a JPEG decodes straight at a fraction of its size, so a 50 MP
    /// photo passes; a PNG decodes whole, so one over 16 MP (an all-zero 7000 × 7000 "bomb" of 47 KB) is refused unread.
    /// </summary>
    public const long MaxDecodedPixels = 16_000_000;

    public const string TooManyPixels = "图片像素过多（超过 1600 万像素），请缩小后再上传";

    public const string Unsupported = "仅支持 JPEG、PNG、WebP 格式的图片";
    public static readonly string TooLarge = $"图片不能超过 {MaxBytes / 1024 / 1024} MB";

    /// <summary>The format by the file's first bytes, whatever its name or declared type says.</summary>
    public static ImageKind? Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0xFF, 0xD8, 0xFF, ..] => ImageKind.Jpeg,
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => ImageKind.Png,
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => ImageKind.WebP,
        _ => null,
    };

    /// <summary>
    /// The uploader sees his photo; once a record carries it, the record's member and those who may decide the
    /// claim (<paramref name="mayDecideClaim"/>) do too. A hidden photo is shown to nobody.
    /// </summary>
    public static bool MaySee(Upload upload, long callerUserId, long? claimMemberUserId, bool mayDecideClaim) =>
        !upload.Hidden && (upload.UploadedByUserId == callerUserId || (upload.ClaimId is not null && (claimMemberUserId == callerUserId || mayDecideClaim)));

    /// <summary>A member's record carries photos he uploaded himself, not yet on another claim.</summary>
    public static bool MayAttach(Upload upload, long claimMemberUserId, long claimId) =>
        !upload.Hidden && upload.UploadedByUserId == claimMemberUserId && (upload.ClaimId is null || upload.ClaimId == claimId);
}
