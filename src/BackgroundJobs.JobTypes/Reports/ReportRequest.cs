using System.Text.Json.Serialization;
using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// The body of <c>POST /api/jobs/reports</c>, and once validated the orchestration's input: which
/// report, in which format, over which jobs.
/// </summary>
public sealed record ReportRequest : IJobRequest
{
    /// <summary><see cref="ReportNames.JobHistory"/>, <see cref="ReportNames.EmailDelivery"/>, or another registered source.</summary>
    public string? Report { get; init; }

    /// <summary><see cref="ReportFormats.Csv"/> (the default) or <see cref="ReportFormats.Xlsx"/>.</summary>
    public string? Format { get; init; }

    /// <summary>job-history: jobs created at or after this time (ISO 8601 with a zone). Kept as text so no zone is ever guessed.</summary>
    public string? From { get; init; }

    /// <summary>job-history: jobs created before this time (ISO 8601 with a zone).</summary>
    public string? To { get; init; }

    /// <summary>
    /// job-history, instead of <see cref="From"/> and <see cref="To"/>: the period that ends when the
    /// job runs, as an ISO 8601 duration (<c>P1D</c>, <c>PT6H</c>). The job fixes the range when it
    /// starts, so each run of a schedule reports on the period just past, and a repeated keyed
    /// request is the same request.
    /// </summary>
    public string? Last { get; init; }

    /// <summary>email-delivery: the bulk e-mail job to report on.</summary>
    public string? JobId { get; init; }

    /// <summary>
    /// email-delivery: the run of that job whose batches are read, set by the endpoint from the
    /// job's result when it accepts the request. A client never sends it; the validator refuses a request that does.
    /// </summary>
    public string? BulkEmailRun { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    public string? RunAt { get; init; }

    public int? DelaySeconds { get; init; }

    [JsonIgnore]
    public string FormatOrDefault => Format ?? ReportFormats.Csv;
}
