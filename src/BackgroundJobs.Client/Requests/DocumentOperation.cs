namespace BackgroundJobs.Client.Requests;

/// <summary>One thing to do with a document: <c>extractText</c> (a PDF) or <c>resize</c> (an image).</summary>
public sealed record DocumentOperation
{
    public string? Type { get; init; }

    /// <summary>Resize: the widths of the variants, in pixels.</summary>
    public IReadOnlyList<int>? Widths { get; init; }

    /// <summary>Extract text: pages handled by one activity.</summary>
    public int? PagesPerActivity { get; init; }
}
