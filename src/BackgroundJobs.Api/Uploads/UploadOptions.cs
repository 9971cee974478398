namespace BackgroundJobs.Api.Uploads;

public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>The largest accepted upload; 100 MB by default.</summary>
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;
}
