using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>Host configuration of document jobs (section <c>Documents</c>), read by the activities.</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "Documents";

    /// <summary>
    /// The largest image (width × height) that is decoded; 40 megapixels by default. A decoded image
    /// takes 4 bytes a pixel, so this bounds an activity's memory at about 160 MB whatever the file's size.
    /// </summary>
    [OptionalSetting("Has a default (40 megapixels).")]
    public long MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>The most pages a PDF may have; it bounds the number of activities of one job.</summary>
    [OptionalSetting("Has a default (10,000 pages).")]
    public int MaxPdfPages { get; set; } = 10_000;
}
