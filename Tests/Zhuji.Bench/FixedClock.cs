namespace Zhuji.Bench;

/// <summary>The business clock of an in-process job run: the moment its schedule would run it.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
