using System.Diagnostics.Metrics;

namespace Zhuji.Infrastructure.Observability;

/// <summary>
/// The service's own measurements, beside ASP.NET Core's request metrics: grabs by outcome (and those refused because
/// the task was full), job runs and failures, calls to WeChat by API and outcome. Exported on <c>/metrics</c> for
/// Prometheus (OpenTelemetry), as <c>zhuji_claims_total</c>, <c>zhuji_grabs_full_total</c>, <c>zhuji_job_runs_total</c>,
/// <c>zhuji_job_failures_total</c> and <c>zhuji_wechat_calls_total</c>.
/// </summary>
public sealed class ZhujiMetrics
{
    public const string MeterName = "Zhuji";

    private readonly Counter<long> claims;
    private readonly Counter<long> grabsFull;
    private readonly Counter<long> jobRuns;
    private readonly Counter<long> jobFailures;
    private readonly Counter<long> weChatCalls;

    public ZhujiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        claims = meter.CreateCounter<long>("zhuji.claims", description: "Grabs (抢单) answered, by outcome");
        grabsFull = meter.CreateCounter<long>("zhuji.grabs.full", description: "Grabs refused because the task or shift was full");
        jobRuns = meter.CreateCounter<long>("zhuji.job.runs", description: "Background job runs, by job");
        jobFailures = meter.CreateCounter<long>("zhuji.job.failures", description: "Background job runs that failed, by job");
        weChatCalls = meter.CreateCounter<long>("zhuji.wechat.calls", description: "Calls to WeChat's API, by API and outcome");
    }

    /// <summary>A grab answered: <c>Claimed</c>, <c>TaskFull</c>, <c>AlreadyClaimed</c>, <c>WindowClosed</c>… (<paramref name="seats"/> for a group claim).</summary>
    public void Grab(string outcome, int seats = 1)
    {
        claims.Add(seats, new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == "TaskFull")
        {
            grabsFull.Add(seats);
        }
    }

    public void JobRan(string job, bool failed)
    {
        jobRuns.Add(1, new KeyValuePair<string, object?>("job", job));
        if (failed)
        {
            jobFailures.Add(1, new KeyValuePair<string, object?>("job", job));
        }
    }

    /// <summary>One call to WeChat: <c>ok</c>, <c>timeout</c>, <c>unreachable</c> or <c>http_5xx</c>.</summary>
    public void WeChatCall(string api, string outcome) =>
        weChatCalls.Add(1, new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("outcome", outcome));
}
