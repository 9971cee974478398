using BackgroundJobs.Core.Telemetry;
using DurableTask.Core;

namespace BackgroundJobs.Server.Engine;

/// <summary>
/// Runs an activity inside a logging scope that names its job (<c>JobId</c>, from the orchestration
/// instance id) and tags the engine's activity span with it, so that every log line written while it
/// runs, adapters' included (SendGrid batches, blob writes), can be found by job.
/// </summary>
internal sealed class JobScopedActivity(TaskActivity inner, ILogger logger) : TaskActivity
{
    public override string Run(TaskContext context, string input) => inner.Run(context, input);

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var jobId = JobTelemetry.JobIdOf(context.OrchestrationInstance.InstanceId);
        System.Diagnostics.Activity.Current?.SetTag(JobTelemetry.JobIdTag, jobId);
        using (logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId }))
        {
            return await inner.RunAsync(context, input);
        }
    }
}
