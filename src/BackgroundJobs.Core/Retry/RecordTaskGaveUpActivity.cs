using BackgroundJobs.Core.Storage;
using BackgroundJobs.Core.Telemetry;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Retry;

/// <summary>
/// Stores a <see cref="TaskGaveUp"/> under the job the instance belongs to, one record per task name
/// (the last one to give up wins: the failure a job shows names the task, not the call).
/// </summary>
public sealed class RecordTaskGaveUpActivity(IBlobStore blobs) : TaskActivity<TaskGaveUp, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, TaskGaveUp input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await blobs.WriteJsonAsync(BlobNames.JobTaskAttempts(JobTelemetry.JobIdOf(input.InstanceId), input.Task), input);
        return true;
    }
}
