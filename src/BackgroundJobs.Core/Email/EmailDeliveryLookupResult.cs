namespace BackgroundJobs.Core.Email;

public sealed record EmailDeliveryLookupResult(
    EmailDeliveryLookupOutcome Outcome,
    int? StatusCode = null,
    string? Error = null,
    TimeSpan? RetryAfter = null)
{
    public static EmailDeliveryLookupResult Found { get; } = new(EmailDeliveryLookupOutcome.Found, 200);

    public static EmailDeliveryLookupResult NotFound { get; } = new(EmailDeliveryLookupOutcome.NotFound, 200);
}
