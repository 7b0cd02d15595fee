using Hangfire.Server;
using Zhuji.Infrastructure.Observability;

namespace Zhuji.Jobs;

/// <summary>Every job run counted by its job, and its failure (an exception the job did not handle): <c>zhuji_job_runs_total</c>, <c>zhuji_job_failures_total</c>.</summary>
internal sealed class JobMetricsFilter(ZhujiMetrics metrics) : IServerFilter
{
    public void OnPerforming(PerformingContext context)
    {
    }

    public void OnPerformed(PerformedContext context) =>
        metrics.JobRan(context.BackgroundJob.Job?.Type.Name ?? "unknown", context.Exception is not null && !context.ExceptionHandled);
}
