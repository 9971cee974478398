namespace BackgroundJobs.JobTypes.Documents;

/// <summary>A page whose text could not be extracted, and why; the other pages are not affected.</summary>
public sealed record FailedPage(int Page, string Error);
