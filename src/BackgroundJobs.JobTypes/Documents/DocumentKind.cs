namespace BackgroundJobs.JobTypes.Documents;

/// <summary>The file types a document job handles, told from the content, never from the name.</summary>
public enum DocumentKind
{
    Pdf,
    Png,
    Jpeg,
    Webp,
}
