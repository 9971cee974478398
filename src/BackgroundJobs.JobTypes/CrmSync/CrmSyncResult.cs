namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// A finished sync: the counts over every generation, how many generations (segments) it took,
/// and the blob listing every failed record with its line and reason. <see cref="Files"/> names the
/// blobs a client downloads; <c>GET /api/jobs/{id}</c> links them.
/// </summary>
public sealed record CrmSyncResult(long Records, long Created, long Updated, long Failed, int Segments, string? ErrorsBlob)
{
    public IReadOnlyList<string> Files => ErrorsBlob is null ? [] : [ErrorsBlob];
}
