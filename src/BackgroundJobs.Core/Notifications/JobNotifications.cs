using System.Text.Json;
using BackgroundJobs.Core.Jobs;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Notifications;

/// <summary>Starts a job's notifications as an orchestration of their own.</summary>
public static class JobNotifications
{
    // The Durable Task tag that makes a sub-orchestration fire-and-forget: the parent does not wait
    // for it and is not its parent afterwards, so the job ends at once and a webhook can retry for hours.
    private const string FireAndForgetTag = "FireAndForget";

    /// <summary>Under the job's id, so purging or inspecting a job finds its notifications with it.</summary>
    public static string InstanceIdFor(string jobId, string eventId) => $"{jobId}:notify:{eventId}";

    /// <summary>From inside the job's orchestrator, as the last thing it does.</summary>
    public static async Task StartAsync(TaskOrchestrationContext context, string jobType, IJobRequest request, JobStatus status, JsonElement? result, JobError? error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var jobId = context.InstanceId;
        var ended = new JobEnded(
            EventId: "evt_" + context.NewGuid().ToString("N"),
            JobId: jobId,
            JobType: jobType,
            Status: status,
            At: context.CurrentUtcDateTime,
            Result: result,
            Error: error,
            Callback: request.Callback,
            NotifyEmail: request.NotifyEmail);
        await context.CallSubOrchestratorAsync(
            nameof(JobNotificationOrchestrator),
            ended,
            new SubOrchestrationOptions
            {
                InstanceId = InstanceIdFor(jobId, ended.EventId),
                Tags = new Dictionary<string, string> { [FireAndForgetTag] = string.Empty },
            });
    }
}
