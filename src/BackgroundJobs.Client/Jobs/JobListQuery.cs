namespace BackgroundJobs.Client.Jobs;

/// <summary>The filters of <c>GET /api/jobs</c>; every one may be left out.</summary>
public sealed record JobListQuery
{
    public JobStatus? Status { get; init; }

    /// <summary>A job type name, e.g. <c>bulk-email</c>.</summary>
    public string? Type { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>1-100; the server's default is 20.</summary>
    public int? PageSize { get; init; }
}
