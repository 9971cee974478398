namespace BackgroundJobs.Core.Email;

/// <summary>
/// The recorded result of one batch sent to the provider; stored beside the batch so a re-run returns
/// it unchanged, and read back by the email-delivery report.
/// </summary>
public sealed record EmailBatchOutcome(int Index, int Recipients, bool Sent, int? StatusCode = null, string? Error = null);
