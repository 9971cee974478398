namespace BackgroundJobs.Core.Email;

/// <summary>The lookup of a host that has none configured: every stale claim stays "outcome unknown".</summary>
public sealed class NoEmailDeliveryLookup : IEmailDeliveryLookup
{
    public bool IsAvailable => false;

    public Task<EmailDeliveryLookupResult> FindBatchAsync(string batchId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new EmailDeliveryLookupResult(EmailDeliveryLookupOutcome.NotSupported, Error: "no delivery lookup is configured"));
}
