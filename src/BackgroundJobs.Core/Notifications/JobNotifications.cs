using System.Text.Json;
using BackgroundJobs.Core.Jobs;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Notifications;

/// <summary>Starts a job event's notifications as an orchestration of their own.</summary>
public static class JobNotifications
{
    // The Durable Task tag that makes a sub-orchestration fire-and-forget: the parent does not wait
    // for it and is not its parent afterwards, so the job ends at once and a webhook can retry for hours.
    private const string FireAndForgetTag = "FireAndForget";

    /// <summary>Under the job's id, so purging or inspecting a job finds its notifications with it.</summary>
    public static string InstanceIdFor(string jobId, string eventId) => $"{jobId}:notify:{eventId}";

    /// <summary>From inside the job's orchestrator: its ending (as the last thing it does), or a progress report.</summary>
    public static async Task StartAsync(
        TaskOrchestrationContext context,
        string jobType,
        IJobRequest request,
        JobStatus status,
        JsonElement? result,
        JobError? error,
        JobProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var jobId = context.InstanceId;
        var eventId = progress is null ? "evt_" + context.NewGuid().ToString("N") : JobEventIds.ForProgress(jobId, progress);
        var jobEvent = new JobEventRequest(eventId, jobId, jobType, status, context.CurrentUtcDateTime, result, error, request.Callback, request.NotifyEmail, progress);
        await context.CallSubOrchestratorAsync(
            nameof(JobNotificationOrchestrator),
            jobEvent,
            new SubOrchestrationOptions
            {
                InstanceId = InstanceIdFor(jobId, eventId),
                Tags = new Dictionary<string, string> { [FireAndForgetTag] = string.Empty },
            });
    }
}
