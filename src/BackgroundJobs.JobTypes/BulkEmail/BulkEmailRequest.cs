using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// The body of <c>POST /api/jobs/bulk-email</c>, and once validated the orchestration's input.
/// Recipients come inline or as an uploaded CSV (<c>email,name,...</c>; extra columns become
/// per-recipient data for <c>{{field}}</c> placeholders).
/// </summary>
public sealed record BulkEmailRequest : IStoredJobRequest
{
    public string? Subject { get; init; }

    public string? Html { get; init; }

    public string? Text { get; init; }

    public string? TemplateId { get; init; }

    public EmailSenderAddress? From { get; init; }

    public IReadOnlyList<EmailRecipient>? Recipients { get; init; }

    public string? RecipientsBlob { get; init; }

    public int? BatchSize { get; init; }

    public int? MaxParallelBatches { get; init; }

    /// <summary><see cref="Jobs.UnknownOutcome.Skip"/> (left out: at most once) or <see cref="Jobs.UnknownOutcome.Resend"/> (at least once).</summary>
    public string? OnUnknownOutcome { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    public string? RunAt { get; init; }

    public int? DelaySeconds { get; init; }

    public string? RequestBlob { get; init; }

    public EmailMessage ToMessage() => new(From, Subject, Html, Text, TemplateId);

    /// <summary>The message and the inline recipients are what make a request large; only the batch preparation reads them.</summary>
    public IJobRequest ByReference(string requestBlob) => this with { Html = null, Text = null, Recipients = null, RequestBlob = requestBlob };
}
