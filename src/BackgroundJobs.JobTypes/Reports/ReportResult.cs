namespace BackgroundJobs.JobTypes.Reports;

/// <summary>A finished report: one file under <c>results/{jobId}/{runId}/</c>, listed in <see cref="Files"/> so <c>GET /api/jobs/{id}</c> links it.</summary>
public sealed record ReportResult(string Report, string Format, long Rows, int Parts, long Bytes, string ResultBlob)
{
    public IReadOnlyList<string> Files => [ResultBlob];
}
