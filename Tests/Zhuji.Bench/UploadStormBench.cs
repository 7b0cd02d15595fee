using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using SkiaSharp;

namespace Zhuji.Bench;

/// <summary>
/// The photo upload under attack (issue 28): 8 members each send 30 uploads at once — all-zero "bomb" PNGs of 7000 × 7000
/// (47 KB on the wire, 196 MB decoded), then large-but-allowed PNGs of 3900 × 3900 — while the API's resident memory is
/// sampled every 50 ms; an ordinary phone photo's upload time before and after, one at a time, is the baseline. Once with
/// the rate limits of production, once without them (the decode gate alone).
/// </summary>
internal static class UploadStormBench
{
    public static async Task<List<string[]>> RunAsync(string repository, string work)
    {
        var rows = new List<string[]>();
        string? built = null;
        foreach (var limits in new[] { true, false })
        {
            var folder = Path.Combine(work, limits ? "uploads-limited" : "uploads-gate");
            Directory.CreateDirectory(folder);
            await using var api = await ApiProcess.StartAsync(repository, folder, claimBurstPerUser: 10,
                limits ? null : new Dictionary<string, string> { ["Zhuji:RateLimits:Enabled"] = "false" }, built);
            built ??= Path.Combine(folder, "api");
            using var admin = Load.Client(api.BaseUrl, await Scenario.LoginAsync(api.BaseUrl, Scenario.CityAdmin), connections: 64);
            var city = await Scenario.CityAsync(admin);
            using var anonymous = Load.Client(api.BaseUrl, connections: 64);
            var (tokens, _, _, _) = await Scenario.MembersAsync(api.BaseUrl, admin, anonymous, city, 17);
            var members = tokens.Select(t => Load.Client(api.BaseUrl, t, connections: 32)).ToList();
            var photo = Jpeg(1080, 1440);
            var before = await OrdinaryAsync(members[16], photo);
            var idle = Rss(api.Pid);

            // Each storm has its own 8 members, so the second is not answered by the first one's spent upload allowance.
            foreach (var (storm, name, bytes) in new[] { (0, "bomb PNGs 7000×7000", ZeroPng(7000, 7000)), (1, "allowed PNGs 3900×3900", ZeroPng(3900, 3900)) })
            {
                Console.WriteLine($"Upload storm ({(limits ? "limits on" : "gate alone")}): 8 × 30 {name}…");
                using var sampling = new CancellationTokenSource();
                var peak = idle;
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, Rss(api.Pid));
                        await Task.Delay(50);
                    }
                });
                var watch = Stopwatch.StartNew();
                var answers = await Task.WhenAll(members.Skip(storm * 8).Take(8).SelectMany(m => Enumerable.Range(0, 30).Select(_ => Task.Run(() => UploadAsync(m, bytes, "image/png")))));
                var wall = watch.Elapsed;
                await sampling.CancelAsync();
                await sampler;
                var statuses = string.Join(", ", answers.GroupBy(a => (int)a).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}"));
                rows.Add([$"Upload storm, {(limits ? "production limits" : "decode gate alone")}: 8 members × 30 {name}",
                    $"peak RSS **{peak / 1024.0 / 1024:N0} MB** ({statuses}; {wall.TotalSeconds:F1} s)", $"idle RSS {idle / 1024.0 / 1024:N0} MB",
                    $"+{(peak - idle) / 1024.0 / 1024:N0} MB", "≤ 1,024 MB", Scenario.Met(peak <= 1024L * 1024 * 1024)]);
            }

            await Task.Delay(TimeSpan.FromSeconds(limits ? 60 : 1));
            var after = await OrdinaryAsync(members[16], photo);
            rows.Add([$"Ordinary upload ({(limits ? "production limits" : "decode gate alone")}): a 1080×1440 phone photo, one at a time",
                $"p50 **{after:F0} ms** after the storms", $"p50 {before:F0} ms before them", $"{after / before:F2}×", "within noise", Scenario.Met(after <= before * 1.5)]);
            members.ForEach(m => m.Dispose());
        }

        return rows;
    }

    private static async Task<double> OrdinaryAsync(HttpClient member, byte[] photo)
    {
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            var status = await UploadAsync(member, photo, "image/jpeg");
            if (status != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"An ordinary upload answered {(int)status}.");
            }

            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times.Order().ElementAt(times.Count / 2);
    }

    private static async Task<HttpStatusCode> UploadAsync(HttpClient client, byte[] bytes, string type)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        content.Add(file, "file", type == "image/png" ? "a.png" : "a.jpg");
        using var response = await client.PostAsync("/api/v1/uploads", content);
        return response.StatusCode;
    }

    /// <summary>The process's resident memory in bytes (Linux).</summary>
    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x60, 0x90, 0xC0));
            using var paint = new SKPaint { Color = SKColors.Gold };
            for (var i = 0; i < 200; i++)
            {
                canvas.DrawCircle(i * 37 % width, i * 53 % height, 20 + i % 40, paint);
            }
        }

        return bitmap.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
    }

    /// <summary>An all-zero 8-bit grey PNG, written chunk by chunk (never decoded here).</summary>
    private static byte[] ZeroPng(int width, int height)
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
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = 0xFFFFFFFFu;
        foreach (var b in typed)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, ~crc);
        png.Write(length);
    }
}
