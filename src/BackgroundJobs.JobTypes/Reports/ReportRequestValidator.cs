using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.JobTypes.BulkEmail;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// Checks a report request before anything is started or stored, keyed by the field. For
/// email-delivery it reads the named job: it must be a bulk e-mail job that has ended, and the run
/// whose batches the report reads is taken from its result (or, for a job that failed or was
/// canceled and so has no result, from the one run its blobs hold) and set on the request. A job that
/// has not ended, or left no run, is a 409: the request is right, the job is not ready.
/// </summary>
public sealed class ReportRequestValidator(ReportSources sources, IBlobStore blobs, JobRequestValidator jobRequest)
{
    public async Task<JobRequestVerdict<ReportRequest>> ValidateAsync(ReportRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors.TryAdd(field, [message]);

        if (string.IsNullOrEmpty(request.Report))
        {
            Add("report", $"is required: one of {string.Join(", ", sources.Names)}.");
        }
        else if (!sources.Names.Contains(request.Report, StringComparer.Ordinal))
        {
            Add("report", $"must be one of {string.Join(", ", sources.Names)}.");
        }

        if (request.Format is { } format && !ReportFormats.All.Contains(format, StringComparer.Ordinal))
        {
            Add("format", $"must be one of {string.Join(", ", ReportFormats.All)}.");
        }

        if (request.BulkEmailRun is not null)
        {
            Add("bulkEmailRun", "is set by the server from the job's result; leave it out.");
        }

        if (request.Report != ReportNames.JobHistory)
        {
            RefuseIfSet(request.From, "from", Add);
            RefuseIfSet(request.To, "to", Add);
            RefuseIfSet(request.Last, "last", Add);
        }
        else if (request.Last is not null)
        {
            CheckLast(request, Add);
        }
        else
        {
            CheckRange(request, Add);
        }

        if (request.Report != ReportNames.EmailDelivery)
        {
            RefuseIfSet(request.JobId, "jobId", Add);
        }

        await jobRequest.ValidateAsync(request, Add, cancellationToken);
        if (errors.Count > 0 || request.Report != ReportNames.EmailDelivery)
        {
            return JobRequestVerdict.Of(request, errors);
        }

        return await CheckBulkEmailJobAsync(request, client, cancellationToken);
    }

    private static void RefuseIfSet(string? value, string field, Action<string, string> add)
    {
        if (value is not null)
        {
            add(field, "does not belong to this report.");
        }
    }

    private static void CheckLast(ReportRequest request, Action<string, string> add)
    {
        if (request.From is not null || request.To is not null)
        {
            add("last", "cannot be given with from and to: give either a period (last) or a range (from and to).");
            return;
        }

        var last = JobHistoryReport.ParseDuration(request.Last);
        if (last is null || last <= TimeSpan.Zero)
        {
            add("last", "must be an ISO 8601 duration such as P1D or PT6H.");
        }
        else if (last > ReportLimits.MaxJobHistoryRange)
        {
            add("last", $"must be at most {ReportLimits.MaxJobHistoryRange.TotalDays:0} days (P{ReportLimits.MaxJobHistoryRange.TotalDays:0}D).");
        }
    }

    private static void CheckRange(ReportRequest request, Action<string, string> add)
    {
        var from = Time(request.From, "from", add);
        var to = Time(request.To, "to", add);
        if (from is null || to is null)
        {
            return;
        }

        if (from >= to)
        {
            add("from", "must be before to.");
        }
        else if (to - from > ReportLimits.MaxJobHistoryRange)
        {
            add("to", $"must be at most {ReportLimits.MaxJobHistoryRange.TotalDays:0} days after from.");
        }
    }

    private static DateTimeOffset? Time(string? value, string field, Action<string, string> add)
    {
        if (value is null)
        {
            add(field, "is required: an ISO 8601 time with a zone, such as 2026-11-28T05:00:00Z.");
            return null;
        }

        var time = JobFilter.ParseTime(value);
        if (time is null)
        {
            add(field, "must be an ISO 8601 time with a zone, such as 2026-11-28T05:00:00Z.");
        }

        return time;
    }

    private async Task<JobRequestVerdict<ReportRequest>> CheckBulkEmailJobAsync(ReportRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        JobRequestVerdict<ReportRequest> Refuse(string message, int status = StatusCodes.Status400BadRequest) =>
            JobRequestVerdict.Of(request, new(StringComparer.Ordinal) { ["jobId"] = [message] }, status);

        if (string.IsNullOrEmpty(request.JobId))
        {
            return Refuse("is required: the id of a bulk e-mail job.");
        }

        var job = await JobQueries.FindJobAsync(client, request.JobId, getInputsAndOutputs: true, cancellationToken);
        if (job is null)
        {
            return Refuse($"there is no job '{request.JobId}'.");
        }

        if (JobTypeRegistry.TypeNameOf(job.Name) != BulkEmailJob.Name)
        {
            return Refuse($"'{request.JobId}' is a {JobTypeRegistry.TypeNameOf(job.Name)} job, not a bulk-email job.");
        }

        var status = job.RuntimeStatus.ToJobStatus();
        if (status is not (JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled))
        {
            return Refuse($"the job is {status.ToString().ToLowerInvariant()}; report on it once it has ended.", StatusCodes.Status409Conflict);
        }

        var run = JobQueries.ParseOrNull<BulkEmailResult>(status == JobStatus.Completed ? job.SerializedOutput : null)?.RunId
            ?? await TheOnlyRunAsync(request.JobId, cancellationToken);
        return run is null
            ? Refuse("the job left no batches to report on (it ended before preparing its recipients, or it was run more than once).", StatusCodes.Status409Conflict)
            : JobRequestVerdict.Accept(request with { BulkEmailRun = run });
    }

    // A job that failed or was canceled has no result naming its run; its blobs do, if it ran once.
    private async Task<string?> TheOnlyRunAsync(string jobId, CancellationToken cancellationToken)
    {
        var prefix = BlobNames.JobPrefix(jobId);
        var runs = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var name in blobs.ListAsync(prefix, cancellationToken))
        {
            var rest = name[prefix.Length..].Split('/');
            if (rest is [var run, "message.json"])
            {
                runs.Add(run);
            }
        }

        return runs.Count == 1 ? runs.Single() : null;
    }
}
