using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace Zhuji.Tests.Support;

/// <summary>Photos as a phone takes them (a JPEG, perhaps with the home's GPS in its EXIF), uploaded as the mini-program does.</summary>
public static class Photos
{
    /// <summary>Where the fake phone was: written into the EXIF as GPSLatitude 29°42'48.90".</summary>
    public static readonly byte[] GpsMarker = [29, 0, 0, 0, 1, 0, 0, 0, 42, 0, 0, 0, 1, 0, 0, 0];

    /// <summary>A 640×480 JPEG; with <paramref name="gps"/>, an APP1 EXIF segment holding a GPS latitude follows the SOI.</summary>
    public static byte[] Jpeg(bool gps = false, int width = 640, int height = 480)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0xC6, 0x28, 0x28));
            using var paint = new SKPaint { Color = SKColors.Gold };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 4f, paint);
        }

        var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
        return gps ? [.. jpeg[..2], .. ExifSegment(), .. jpeg[2..]] : jpeg;
    }

    public static byte[] Png(int width = 300, int height = 200)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.SteelBlue);
        return bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    /// <summary>
    /// A "decompression bomb": an all-zero 8-bit grey PNG of <paramref name="width"/> × <paramref name="height"/>, tiny
    /// on the wire (7000 × 7000 is about 50 KB) and 196 MB once decoded to colour. Written chunk by chunk, never decoded here.
    /// </summary>
    public static byte[] ZeroPng(int width, int height)
    {
        using var idat = new MemoryStream();
        using (var deflate = new System.IO.Compression.ZLibStream(idat, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[width + 1];
            for (var y = 0; y < height; y++)
            {
                deflate.Write(row);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        png.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] bytes, string fileName = "IMG_0001.jpg", string contentType = "image/jpeg")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "file", fileName);
        return client.PostAsync("/api/v1/uploads", content);
    }

    /// <summary>Uploads a JPEG and returns its <c>url</c>.</summary>
    public static async Task<string> UploadPhotoAsync(this HttpClient client) =>
        (await client.UploadAsync(Jpeg()).ReadJsonAsync(HttpStatusCode.Created))["url"]!.GetValue<string>();

    public static async Task<JsonNode> UploadJsonAsync(this HttpClient client, byte[] bytes) =>
        await client.UploadAsync(bytes).ReadJsonAsync(HttpStatusCode.Created);

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>A minimal EXIF (TIFF, little-endian): IFD0 → GPS IFD → GPSLatitudeRef "N", GPSLatitude 29/1 42/1 4890/100.</summary>
    private static byte[] ExifSegment()
    {
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange(BitConverter.GetBytes((ushort)v));
        void U32(uint v) => tiff.AddRange(BitConverter.GetBytes(v));
        tiff.AddRange("II"u8.ToArray());
        U16(42);
        U32(8);
        U16(1);
        U16(0x8825);
        U16(4);
        U32(1);
        U32(26);
        U32(0);
        U16(2);
        U16(0x0001);
        U16(2);
        U32(2);
        tiff.AddRange("N\0\0\0"u8.ToArray());
        U16(0x0002);
        U16(5);
        U32(3);
        U32(56);
        U32(0);
        tiff.AddRange(GpsMarker);
        U32(4890);
        U32(100);
        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        var length = payload.Length + 2;
        return [0xFF, 0xE1, (byte)(length >> 8), (byte)(length & 0xFF), .. payload];
    }
}
