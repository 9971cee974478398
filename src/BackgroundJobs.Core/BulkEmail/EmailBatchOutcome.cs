namespace BackgroundJobs.Core.BulkEmail;

/// <summary>The recorded result of one batch; stored beside the batch so a re-run returns it unchanged.</summary>
public sealed record EmailBatchOutcome(int Index, int Recipients, bool Sent, int? StatusCode = null, string? Error = null)
{
    public FailedEmailBatch? AsFailure() =>
        Sent ? null : new FailedEmailBatch(Index, Recipients, Error ?? "rejected", StatusCode);
}
