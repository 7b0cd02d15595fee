using SkiaSharp;
using Zhuji.Domain.Common;
using Zhuji.Domain.Uploads;

namespace Zhuji.Infrastructure.Uploads;

/// <summary>A photo as kept: re-encoded JPEG of at most <see cref="UploadRules.MaxSide"/> pixels a side, and its thumbnail.</summary>
public sealed record ProcessedPhoto(byte[] Image, byte[] Thumbnail, int Width, int Height);

/// <summary>
/// Re-encodes an uploaded photo with SkiaSharp: the format is decided by the bytes (<see cref="UploadRules.Sniff"/>),
/// the picture is turned upright by its EXIF orientation, scaled down, and written anew as JPEG, so nothing of
/// the original file survives — no EXIF (phones put the home's GPS there), no trailing payload.
/// </summary>
public static class PhotoProcessor
{
    private const int Quality = 85;

    /// <summary>
    /// What a photo would cost, from its header alone (nothing is decoded): its format must be ours and its decoded size
    /// within <see cref="UploadRules.MaxDecodedPixels"/>. Called before the photo waits for a decode (<c>DecodeGate</c>), so
    /// a bomb never takes a turn.
    /// </summary>
    public static void Inspect(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = Open(bytes, data);
        DecodedSize(codec);
    }

    public static ProcessedPhoto Process(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = Open(bytes, data);
        var size = DecodedSize(codec);
        using var decoded = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (codec.GetPixels(decoded.Info, decoded.GetPixels()) != SKCodecResult.Success)
        {
            throw Unsupported();
        }

        using var upright = Upright(decoded, codec.EncodedOrigin);
        using var image = Scaled(upright ?? decoded, UploadRules.MaxSide);
        using var thumbnail = Scaled(image, UploadRules.ThumbnailSide);
        return new ProcessedPhoto(Jpeg(image), Jpeg(thumbnail), image.Width, image.Height);
    }

    private static SKCodec Open(byte[] bytes, SKData data)
    {
        if (UploadRules.Sniff(bytes) is null)
        {
            throw Unsupported();
        }

        var codec = SKCodec.Create(data) ?? throw Unsupported();
        if ((long)codec.Info.Width * codec.Info.Height is 0 or > UploadRules.MaxPixels)
        {
            codec.Dispose();
            throw Unsupported();
        }

        return codec;
    }

    /// <summary>
    /// The size it decodes at: a JPEG straight at n/8 of itself, the smallest that (nearly) covers MaxSide, so a 12 MP
    /// photo is never expanded in full — 4032 pixels decode as 2016 (other formats decode whole). Over
    /// <see cref="UploadRules.MaxDecodedPixels"/> it is refused.
    /// </summary>
    private static SKSizeI DecodedSize(SKCodec codec)
    {
        var size = codec.Info.Size;
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Max(scaled.Width, scaled.Height) >= UploadRules.MaxSide * 0.95)
            {
                size = scaled;
                break;
            }
        }

        return (long)size.Width * size.Height > UploadRules.MaxDecodedPixels
            ? throw new DomainException(ErrorCodes.PayloadTooLarge, UploadRules.TooManyPixels)
            : size;
    }

    private static DomainException Unsupported() => new(ErrorCodes.UnsupportedMedia, UploadRules.Unsupported);

    private static byte[] Jpeg(SKBitmap bitmap)
    {
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, Quality) ?? throw Unsupported();
        return encoded.ToArray();
    }

    private static SKBitmap Scaled(SKBitmap source, int maxSide)
    {
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(source.Width, source.Height));
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        var target = new SKBitmap(info);
        using var canvas = new SKCanvas(target);
        // JPEG has no transparency: a PNG's transparent parts become white, not black.
        canvas.Clear(SKColors.White);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, new SKRect(0, 0, info.Width, info.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return target;
    }

    /// <summary>The rotations phones write (90°, 180°, 270°), or null when it is upright; mirrored orientations are rare and kept as they are.</summary>
    private static SKBitmap? Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        var degrees = origin switch
        {
            SKEncodedOrigin.RightTop => 90,
            SKEncodedOrigin.BottomRight => 180,
            SKEncodedOrigin.LeftBottom => 270,
            _ => 0,
        };
        if (degrees == 0)
        {
            return null;
        }

        var swap = degrees is 90 or 270;
        var target = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height);
        using var canvas = new SKCanvas(target);
        canvas.Translate(target.Width / 2f, target.Height / 2f);
        canvas.RotateDegrees(degrees);
        canvas.Translate(-source.Width / 2f, -source.Height / 2f);
        canvas.DrawBitmap(source, 0, 0);
        return target;
    }
}
