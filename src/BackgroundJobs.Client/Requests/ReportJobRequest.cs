namespace BackgroundJobs.Client.Requests;

/// <summary>The body of <c>POST /api/jobs/reports</c> (docs/jobs/reports.md).</summary>
public sealed record ReportJobRequest
{
    /// <summary><c>job-history</c> or <c>email-delivery</c>.</summary>
    public string? Report { get; init; }

    /// <summary><c>csv</c> (the default) or <c>xlsx</c>.</summary>
    public string? Format { get; init; }

    /// <summary>job-history: jobs created at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>job-history: jobs created before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>job-history, instead of From and To: the period that ends when the job runs, as an ISO 8601 duration (<c>P1D</c>, <c>PT6H</c>).</summary>
    public string? Last { get; init; }

    /// <summary>email-delivery: the bulk e-mail job to report on.</summary>
    public string? JobId { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    /// <summary>Start the job at this time instead of now (at most 30 days ahead); the job is <c>scheduled</c> until then.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Start the job this many seconds from now instead (at most 30 days); give this or <see cref="RunAt"/>.</summary>
    public int? DelaySeconds { get; init; }
}
