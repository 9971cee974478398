namespace BackgroundJobs.Client.Requests;

/// <summary>The body of <c>POST /api/jobs/bulk-email</c> (docs/jobs/bulk-email.md).</summary>
public sealed record BulkEmailJobRequest
{
    public string? Subject { get; init; }

    public string? Html { get; init; }

    public string? Text { get; init; }

    public string? TemplateId { get; init; }

    public EmailSender? From { get; init; }

    /// <summary>Inline recipients (at most 1,000); or <see cref="RecipientsBlob"/>.</summary>
    public IReadOnlyList<EmailRecipient>? Recipients { get; init; }

    /// <summary>An uploaded CSV (<c>email,name,...</c>), the name <c>UploadAsync</c> returned.</summary>
    public string? RecipientsBlob { get; init; }

    public int? BatchSize { get; init; }

    public int? MaxParallelBatches { get; init; }

    /// <summary><c>skip</c> (the default: at most once) or <c>resend</c> (at least once).</summary>
    public string? OnUnknownOutcome { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    /// <summary>Start the job at this time instead of now (at most 30 days ahead); the job is <c>scheduled</c> until then.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Start the job this many seconds from now instead (at most 30 days); give this or <see cref="RunAt"/>.</summary>
    public int? DelaySeconds { get; init; }
}
