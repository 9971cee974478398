using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// The body of <c>POST /api/jobs/documents</c>, and once validated the orchestration's input: an
/// uploaded file and what to do with it. Without <see cref="Operations"/> the job does what suits
/// the file's type: text extraction for a PDF, the default resized variants for an image.
/// </summary>
public sealed record DocumentRequest : IJobRequest
{
    /// <summary>A name returned by <c>POST /api/uploads</c>.</summary>
    public string? Blob { get; init; }

    public IReadOnlyList<DocumentOperation>? Operations { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    public string? RunAt { get; init; }

    public int? DelaySeconds { get; init; }
}
