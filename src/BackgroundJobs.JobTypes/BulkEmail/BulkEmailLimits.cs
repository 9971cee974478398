namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>Defaults and hard limits of a bulk e-mail job, stated in docs/jobs/bulk-email.md.</summary>
public static class BulkEmailLimits
{
    public const int DefaultBatchSize = 500;

    /// <summary>SendGrid accepts at most 1,000 personalizations in one mail/send request.</summary>
    public const int MaxBatchSize = 1000;

    public const int MaxInlineRecipients = 1000;

    public const int DefaultMaxParallelBatches = 8;

    public const int MaxParallelBatches = 64;

    /// <summary>RFC 5322's line limit; a subject is one header line.</summary>
    public const int MaxSubjectLength = 998;

    public const int MaxContentLength = 256 * 1024;

    public const int MaxTemplateIdLength = 64;
}
