namespace BackgroundJobs.Core.CrmSync;

/// <summary>
/// A finished sync: the counts over every generation, how many generations (segments) it took,
/// and the blob listing every failed record with its line and reason.
/// </summary>
public sealed record CrmSyncResult(long Records, long Created, long Updated, long Failed, int Segments, string? ErrorsBlob);
