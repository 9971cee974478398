using System.Diagnostics;

namespace BackgroundJobs.Core.Telemetry;

/// <summary>
/// The names our own telemetry goes by: one <see cref="ActivitySource"/> and one meter, both
/// <c>BackgroundJobs</c>, and the tags that tie a span or a measurement to a job.
/// </summary>
public static class JobTelemetry
{
    /// <summary>The name of our <see cref="ActivitySource"/> and of our meter; hosts subscribe to it.</summary>
    public const string SourceName = "BackgroundJobs";

    public const string JobIdTag = "job.id";

    public const string JobTypeTag = "job.type";

    public static readonly ActivitySource ActivitySource = new(SourceName);

    /// <summary>
    /// The job an orchestration instance belongs to: a job's own instance id, or the prefix of its
    /// sub-instances (<c>{jobId}:chunk:3</c>, <c>{jobId}:notify:...</c>, <c>{jobId}:webhook:...</c>).
    /// </summary>
    public static string JobIdOf(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var colon = instanceId.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? instanceId : instanceId[..colon];
    }
}
