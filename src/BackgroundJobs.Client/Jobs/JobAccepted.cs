using System.Text.Json.Serialization;

namespace BackgroundJobs.Client.Jobs;

/// <summary>The <c>202 Accepted</c> answer to a start: the job's id, its URLs and the management URLs.</summary>
public sealed record JobAccepted(
    string Id,
    string Type,
    JobStatus Status,
    Uri JobUri,
    Uri StatusQueryGetUri,
    Uri SendEventPostUri,
    Uri TerminatePostUri,
    Uri PurgeHistoryDeleteUri,
    Uri RestartPostUri,
    Uri SuspendPostUri,
    Uri ResumePostUri)
{
    /// <summary>How long the server asked the client to wait before polling (the <c>Retry-After</c> header).</summary>
    [JsonIgnore]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For a job started for later: when it starts.</summary>
    public DateTimeOffset? RunAt { get; init; }
}
