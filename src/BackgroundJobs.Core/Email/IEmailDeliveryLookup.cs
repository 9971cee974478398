namespace BackgroundJobs.Core.Email;

/// <summary>
/// Asks the e-mail provider whether it took a batch, by the batch id the sender put in the request.
/// Used only to settle a batch whose sending attempt died without recording an outcome (a crash
/// while the request was in flight): found means the provider has it and it must not be sent again;
/// not found, once the provider's records have had time to settle, means it may be sent again.
/// </summary>
public interface IEmailDeliveryLookup
{
    /// <summary>False when no lookup is configured: a stale claim then stays "outcome unknown" (at most once).</summary>
    bool IsAvailable { get; }

    /// <summary>Never throws for a provider answer; the result says found, not found, try later, or not possible.</summary>
    Task<EmailDeliveryLookupResult> FindBatchAsync(string batchId, CancellationToken cancellationToken = default);
}
