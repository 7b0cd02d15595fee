using System.Diagnostics;
using System.Net;

namespace Zhuji.Bench;

/// <summary>Latencies of one measured phase.</summary>
internal sealed class Sample
{
    private readonly List<double> millis = [];
    private readonly object gate = new();

    public int Count { get { lock (gate) { return millis.Count; } } }

    public TimeSpan Wall { get; set; }

    public void Add(TimeSpan elapsed)
    {
        lock (gate)
        {
            millis.Add(elapsed.TotalMilliseconds);
        }
    }

    public double Percentile(double p)
    {
        lock (gate)
        {
            if (millis.Count == 0)
            {
                return double.NaN;
            }

            var sorted = millis.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }

    public double PerSecond => Count / Wall.TotalSeconds;
}

internal static class Load
{
    /// <summary>A client with its own connection(s) to the API.</summary>
    public static HttpClient Client(string baseUrl, string? token = null, int connections = 1)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>Runs <paramref name="count"/> operations with <paramref name="concurrency"/> in flight.</summary>
    public static async Task<Sample> ManyAsync(int count, int concurrency, Func<int, Task<HttpResponseMessage>> operation, Func<HttpResponseMessage, bool>? ok = null)
    {
        var sample = new Sample();
        var next = -1;
        var failures = 0;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await operation(i);
                sample.Add(Stopwatch.GetElapsedTime(started));
                if (!(ok ?? (r => r.IsSuccessStatusCode))(response))
                {
                    if (Interlocked.Increment(ref failures) <= 3)
                    {
                        Console.Error.WriteLine($"  unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }
        }));
        sample.Wall = wall.Elapsed;
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} of {count} operations failed.");
        }

        return sample;
    }

    /// <summary>Keeps <paramref name="concurrency"/> operations in flight for a while; returns every latency and status.</summary>
    public static async Task<(Sample Sample, Dictionary<HttpStatusCode, int> Statuses)> ForAsync(TimeSpan duration, int concurrency, Func<int, Task<HttpResponseMessage>> operation)
    {
        var sample = new Sample();
        var statuses = new Dictionary<HttpStatusCode, int>();
        var next = -1;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                var i = Interlocked.Increment(ref next);
                var started = Stopwatch.GetTimestamp();
                using var response = await operation(i);
                sample.Add(Stopwatch.GetElapsedTime(started));
                lock (statuses)
                {
                    statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                }
            }
        }));
        sample.Wall = stop.Elapsed;
        return (sample, statuses);
    }
}
