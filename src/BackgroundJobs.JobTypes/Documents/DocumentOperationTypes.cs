namespace BackgroundJobs.JobTypes.Documents;

public static class DocumentOperationTypes
{
    /// <summary>Per-page text, a merged text file and a summary; PDF only.</summary>
    public const string ExtractText = "extractText";

    /// <summary>Resized variants that keep the aspect ratio; PNG, JPEG and WebP only.</summary>
    public const string Resize = "resize";

    public static IReadOnlyList<string> All { get; } = [ExtractText, Resize];
}
