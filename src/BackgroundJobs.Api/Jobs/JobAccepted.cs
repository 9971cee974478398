using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Api.Jobs;

/// <summary>The body of a <c>202 Accepted</c> start: the job, where to poll, and the management URLs.</summary>
public sealed record JobAccepted(
    string Id,
    string Type,
    JobStatus Status,
    string JobUri,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string RestartPostUri,
    string SuspendPostUri,
    string ResumePostUri)
{
    /// <summary>For a job started for later: when it starts (UTC).</summary>
    public DateTimeOffset? RunAt { get; init; }

    public static JobAccepted Create(string id, string type, JobStatus status, string jobUri, JobManagementLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return new(id, type, status, jobUri, links.StatusQueryGetUri, links.SendEventPostUri, links.TerminatePostUri,
            links.PurgeHistoryDeleteUri, links.RestartPostUri, links.SuspendPostUri, links.ResumePostUri);
    }
}
