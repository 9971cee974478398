namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// A finished bulk e-mail job. <see cref="NotSentBlob"/> lists every recipient that was not handed
/// to the provider (invalid address or failed batch), with the reason. <see cref="RunId"/> names the
/// run whose batches (<c>jobs/{jobId}/{runId}/</c>) the email-delivery report reads.
/// </summary>
public sealed record BulkEmailResult(
    int Recipients,
    int Sent,
    int Failed,
    int Invalid,
    int Duplicates,
    int Batches,
    IReadOnlyList<FailedEmailBatch> FailedBatches,
    string? NotSentBlob,
    string? RunId = null);
