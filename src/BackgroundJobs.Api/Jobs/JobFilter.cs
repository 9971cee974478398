using System.Globalization;
using BackgroundJobs.Core.Jobs;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>Which jobs a list or a bulk operation is about; each value already checked.</summary>
public sealed record JobFilter(JobStatus? Status, string? Type, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo)
{
    /// <summary>Parses a status name as the API spells it (<c>failed</c>); null when it is not one.</summary>
    public static JobStatus? ParseStatus(string value) =>
        Enum.GetValues<JobStatus>().Cast<JobStatus?>().FirstOrDefault(s => s.ToString()!.Equals(value, StringComparison.OrdinalIgnoreCase));

    /// <summary>An ISO 8601 time with an offset or <c>Z</c>; a time without one would be read in the server's zone.</summary>
    public static DateTimeOffset? ParseTime(string value) =>
        value.Length <= 40
        && (value.EndsWith('Z') || value.EndsWith('z') || value.LastIndexOfAny(['+', '-']) > 10)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;

    /// <summary>The engine statuses a job status comes from (see <see cref="JobStatusMapping"/>).</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? EngineStatuses => Status switch
    {
        null => null,
        JobStatus.Pending => [OrchestrationRuntimeStatus.Pending],
        // A scheduled job is running to the engine (see JobStatusMapping); Matches tells the two apart.
        JobStatus.Running or JobStatus.Scheduled => [OrchestrationRuntimeStatus.Running],
        JobStatus.Completed => [OrchestrationRuntimeStatus.Completed],
        JobStatus.Failed => [OrchestrationRuntimeStatus.Failed],
        JobStatus.Canceled => [OrchestrationRuntimeStatus.Terminated],
        JobStatus.Suspended => [OrchestrationRuntimeStatus.Suspended],
        _ => throw new InvalidOperationException($"Unknown job status {Status}."),
    };

    /// <summary>True for a job instance (not a chunk or notification) that this filter selects.</summary>
    public bool Matches(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return JobTypeRegistry.TypeNameOf(instance.Name) is { } type
            && (Type is null || Type == type)
            && (Status is null || instance.ToJobStatus() == Status)
            && (CreatedFrom is null || instance.CreatedAt >= CreatedFrom)
            && (CreatedTo is null || instance.CreatedAt <= CreatedTo);
    }
}
