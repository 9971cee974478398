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
}
