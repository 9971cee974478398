using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>Host configuration of bulk e-mail jobs (section <c>BulkEmail</c>), read by <see cref="SendEmailBatchActivity"/>.</summary>
public sealed class BulkEmailOptions
{
    public const string SectionName = "BulkEmail";

    /// <summary>
    /// How long a batch's send claim protects it. Longer than any one send may take (SendGrid's
    /// timeout is 30 s by default), so only an attempt that died mid-send leaves a claim this old.
    /// </summary>
    [OptionalSetting("Has a default (2 minutes).")]
    public TimeSpan SendClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long after a claim the provider's delivery lookup is trusted to say "not found". SendGrid's
    /// Email Activity shows a message only some time after it was accepted, so an earlier "not found"
    /// could be a batch it has and would be sent twice. Counted from the claim; at least the claim timeout.
    /// </summary>
    [OptionalSetting("Has a default (10 minutes); used only with a delivery lookup (SendGrid:EmailActivityLookup).")]
    public TimeSpan DeliveryLookupSettleDelay { get; set; } = TimeSpan.FromMinutes(10);
}
