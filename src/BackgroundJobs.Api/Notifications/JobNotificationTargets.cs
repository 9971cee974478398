using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.Api.Notifications;

/// <summary>Whom a job's request asked to tell of its events, read from any job's stored input (every one is an <see cref="IJobRequest"/>).</summary>
internal sealed record JobNotificationTargets(JobCallback? Callback, string? NotifyEmail) : IJobRequest
{
    public static JobNotificationTargets? Read(string? serializedInput) => JobQueries.ParseOrNull<JobNotificationTargets>(serializedInput);
}
