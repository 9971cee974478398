namespace BackgroundJobs.JobTypes.Documents;

/// <summary>Defaults and hard limits of a document job, stated in docs/jobs/documents.md.</summary>
public static class DocumentLimits
{
    public static IReadOnlyList<int> DefaultWidths { get; } = [256, 1024];

    public const int MinWidth = 16;

    public const int MaxWidth = 4096;

    public const int MaxWidthsPerJob = 8;

    /// <summary>
    /// Twenty pages of text extraction take well under a second on ordinary pages and a few seconds
    /// on dense ones: far inside any activity timeout, and few enough activities for a small history.
    /// </summary>
    public const int DefaultPagesPerActivity = 20;

    public const int MaxPagesPerActivity = 200;

    /// <summary>Page ranges extracted at once; each activity holds the PDF open, so this bounds temp files too.</summary>
    public const int MaxParallelRanges = 8;
}
