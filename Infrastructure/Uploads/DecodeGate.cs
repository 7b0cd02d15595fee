using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Zhuji.Infrastructure.Uploads;

/// <summary><c>Zhuji:Uploads</c>: how many photos are decoded at once, and how long one may wait its turn.</summary>
public sealed class UploadOptions
{
    public const string Section = "Zhuji:Uploads";

    /// <summary>Photos decoded at once in this process; each may take up to about 100 MB while it is re-encoded.</summary>
    [Range(1, 64)]
    public int ConcurrentDecodes { get; set; } = 2;

    /// <summary>Uploads waiting for a decode beyond which an upload is answered 503 <c>unavailable</c> at once (a storm, not a queue).</summary>
    [Range(0, 1000)]
    public int DecodeQueue { get; set; } = 16;

    /// <summary>Seconds an upload waits for its decode before it is answered 503 <c>unavailable</c> (the phone retries).</summary>
    [Range(1, 120)]
    public int DecodeWaitSeconds { get; set; } = 10;
}

/// <summary>
/// Decoding is where a photo costs memory (a 16-megapixel PNG is 64 MB of pixels before it is scaled), so the whole
/// process decodes at most <see cref="UploadOptions.ConcurrentDecodes"/> at once, whoever sends them; the rest wait a
/// bounded time in a bounded queue and are otherwise refused. Parallel uploads from one account or many cannot take the
/// host's memory. Off the request's thread: the decode is CPU work.
/// </summary>
public sealed class DecodeGate(IOptions<UploadOptions> options)
{
    private readonly SemaphoreSlim slots = new(options.Value.ConcurrentDecodes, options.Value.ConcurrentDecodes);
    private int waiting;
    private int running;
    private int mostAtOnce;
    private long decodes;

    /// <summary>Photos decoded since the start.</summary>
    public long Decodes => Interlocked.Read(ref decodes);

    /// <summary>The most decodes seen running at once since the start (for the tests and the metrics).</summary>
    public int MostAtOnce => Volatile.Read(ref mostAtOnce);

    /// <summary>Runs <paramref name="decode"/> in its turn; null when the queue is full or the wait ran out.</summary>
    public async Task<T?> RunAsync<T>(Func<T> decode, CancellationToken cancellationToken)
        where T : class
    {
        if (Interlocked.Increment(ref waiting) > options.Value.DecodeQueue + options.Value.ConcurrentDecodes)
        {
            Interlocked.Decrement(ref waiting);
            return null;
        }

        bool entered;
        try
        {
            entered = await slots.WaitAsync(TimeSpan.FromSeconds(options.Value.DecodeWaitSeconds), cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }

        if (!entered)
        {
            return null;
        }

        try
        {
            Interlocked.Increment(ref decodes);
            var now = Interlocked.Increment(ref running);
            int seen;
            while (now > (seen = Volatile.Read(ref mostAtOnce)) && Interlocked.CompareExchange(ref mostAtOnce, now, seen) != seen)
            {
            }

            return await Task.Run(decode, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref running);
            slots.Release();
        }
    }
}
