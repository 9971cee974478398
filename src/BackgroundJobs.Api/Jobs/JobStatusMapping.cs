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
}
