using BackgroundJobs.Core.Email;

namespace BackgroundJobs.JobTypes.BulkEmail;

public sealed record FailedEmailBatch(int Index, int Recipients, string Reason, int? StatusCode = null)
{
    /// <summary>The failure a batch's recorded outcome stands for, or null when it was sent.</summary>
    public static FailedEmailBatch? From(EmailBatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Sent ? null : new FailedEmailBatch(outcome.Index, outcome.Recipients, outcome.Error ?? "rejected", outcome.StatusCode);
    }
}
