namespace BackgroundJobs.Client.Requests;

/// <summary>The body of <c>POST /api/jobs/documents</c> (docs/jobs/documents.md).</summary>
public sealed record DocumentsJobRequest
{
    /// <summary>An uploaded PDF or image, the name <c>UploadAsync</c> returned.</summary>
    public string? Blob { get; init; }

    /// <summary>Left out: what suits the file (text for a PDF, the default sizes for an image).</summary>
    public IReadOnlyList<DocumentOperation>? Operations { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    /// <summary>Start the job at this time instead of now (at most 30 days ahead); the job is <c>scheduled</c> until then.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Start the job this many seconds from now instead (at most 30 days); give this or <see cref="RunAt"/>.</summary>
    public int? DelaySeconds { get; init; }
}
