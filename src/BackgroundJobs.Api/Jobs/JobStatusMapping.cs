using BackgroundJobs.Core.Jobs;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

public static class JobStatusMapping
{
    public static JobStatus ToJobStatus(this OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => JobStatus.Pending,
        OrchestrationRuntimeStatus.Completed => JobStatus.Completed,
        OrchestrationRuntimeStatus.Failed => JobStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => JobStatus.Canceled,
        OrchestrationRuntimeStatus.Suspended => JobStatus.Suspended,
        _ => JobStatus.Running,
    };

    /// <summary>
    /// The job's status, <see cref="JobStatus.Scheduled"/> included: to the engine a job that waits for
    /// its start time is running (on a timer); the job says it waits through its progress stage.
    /// </summary>
    public static JobStatus ToJobStatus(this OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var status = instance.RuntimeStatus.ToJobStatus();
        return status == JobStatus.Running && ScheduledRunAt(instance) is not null ? JobStatus.Scheduled : status;
    }

    /// <summary>When a job that waits for its start time will start; null for any other job.</summary>
    public static DateTimeOffset? ScheduledRunAt(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.RuntimeStatus == OrchestrationRuntimeStatus.Running
            && JobQueries.ParseOrNull<JobProgress>(instance.SerializedCustomStatus) is { Stage: JobProgress.ScheduledStage, RunAt: { } runAt }
                ? runAt
                : null;
    }
}
