namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// One thing to do with the file: <c>{"type":"extractText","pagesPerActivity":20}</c> for a PDF or
/// <c>{"type":"resize","widths":[256,1024]}</c> for an image. Each option belongs to one type.
/// </summary>
public sealed record DocumentOperation
{
    /// <summary><see cref="DocumentOperationTypes.ExtractText"/> or <see cref="DocumentOperationTypes.Resize"/>.</summary>
    public string? Type { get; init; }

    /// <summary>Resize: the widths of the variants, in pixels; default <see cref="DocumentLimits.DefaultWidths"/>.</summary>
    public IReadOnlyList<int>? Widths { get; init; }

    /// <summary>Extract text: pages handled by one activity; default <see cref="DocumentLimits.DefaultPagesPerActivity"/>.</summary>
    public int? PagesPerActivity { get; init; }
}
