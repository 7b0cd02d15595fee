using Hangfire.Logging;

namespace Zhuji.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide, but the ILoggerFactory behind it belongs to a host. A host
/// disposed while Hangfire still asks for loggers (at shutdown, or when several hosts share a process, as in
/// tests) would otherwise make Hangfire throw; here it gets a silent logger instead.
/// </summary>
internal sealed class DisposalTolerantLogProvider(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
