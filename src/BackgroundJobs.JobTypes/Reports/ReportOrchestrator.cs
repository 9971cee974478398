using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>
/// Splits the report into ranges, writes one part file per page with at most
/// <see cref="ReportLimits.MaxParallelParts"/> part activities in flight (the ranges at the same
/// time, each range's pages one after another, since a page's token comes from the page before),
/// then merges the parts into the one result file. Only counts and tokens pass through the
/// history, never rows: a 1,000,000-row report is about 100 part activities.
/// </summary>
public sealed class ReportOrchestrator(JobEventChannels channels) : JobOrchestrator<ReportRequest, ReportResult>(channels)
{
    public const string StagePlanning = "planning";
    public const string StageWriting = "writing";
    public const string StageMerging = "merging";
    public const string StageCompleted = "completed";

    protected override async Task<ReportResult> RunJobAsync(TaskOrchestrationContext context, ReportRequest input)
    {
        var report = input.Report ?? throw new InvalidJobInputException("The job names no report.");

        // "last": the range ends now, on the orchestration's clock, which every replay reads the same.
        input = JobHistoryReport.FixRange(input, context.CurrentUtcDateTime);
        var run = new JobRun(context.InstanceId, context.NewGuid().ToString("N")[..12]);
        var logger = context.CreateReplaySafeLogger<ReportOrchestrator>();
        context.SetCustomStatus(new JobProgress(StagePlanning, 0, 0));

        var starts = report == ReportNames.JobHistory
            ? JobHistoryReport.Split(JobHistoryReport.RangeOf(input).From, JobHistoryReport.RangeOf(input).To)
            : await context.CallActivityAsync<IReadOnlyList<string>>(
                nameof(PlanReportActivity),
                new PlanReportInput(input),
                JobRetry.Options(BackoffPolicy.Default, nameof(PlanReportActivity)));
        var partActivity = report == ReportNames.JobHistory ? nameof(WriteJobHistoryReportPartActivity) : nameof(WriteReportPartActivity);
        ReportLogs.ReportPlanned(logger, run.JobId, report, starts.Count);

        var progress = new PartProgress(starts.Count);
        await ReportProgressAsync(context, input, progress.Report(StageWriting));
        var next = new Queue<ReportPartInput>(starts.Select((token, range) => new ReportPartInput(run, input, range, 0, token)));
        var inFlight = new Dictionary<Task<ReportPartResult>, ReportPartInput>();
        while (next.Count > 0 || inFlight.Count > 0)
        {
            while (next.Count > 0 && inFlight.Count < ReportLimits.MaxParallelParts)
            {
                var part = next.Dequeue();
                var retry = JobRetry.Options(BackoffPolicy.Default, $"{partActivity}/{part.Range}/{part.Page}");

                // job-history reads the engine's instances: a client activity, run with the host's client.
                inFlight.Add(
                    report == ReportNames.JobHistory
                        ? ClientActivityCall.CallAsync<ReportPartResult>(context, partActivity, part, retry)
                        : context.CallActivityAsync<ReportPartResult>(partActivity, part, retry),
                    part);
            }

            // Which part finishes first depends on timing, but replay sees the same completion order.
            var finished = await Task.WhenAny(inFlight.Keys);
            var written = inFlight[finished];
            inFlight.Remove(finished);
            var result = await finished;
            progress.Add(written.Range, result);
            if (result.NextPageToken is { } token)
            {
                next.Enqueue(written with { Page = written.Page + 1, PageToken = token });
            }

            await ReportProgressAsync(context, input, progress.Report(StageWriting));
        }

        context.SetCustomStatus(progress.Report(StageMerging));
        var merged = await context.CallActivityAsync<ReportResult>(
            nameof(MergeReportPartsActivity),
            new MergeReportInput(run, input, progress.PagesPerRange, progress.Rows),
            JobRetry.Options(BackoffPolicy.Default, nameof(MergeReportPartsActivity)));
        context.SetCustomStatus(progress.Report(StageCompleted));
        ReportLogs.ReportFinished(logger, run.JobId, report, merged.Rows, merged.Parts, merged.Bytes);
        return merged;
    }

    /// <summary>Done counts finished ranges of all ranges; the counts say rows and parts written so far.</summary>
    private sealed class PartProgress(int ranges)
    {
        private readonly int[] pages = new int[ranges];
        private int rangesDone;

        public long Rows { get; private set; }

        public IReadOnlyList<int> PagesPerRange => pages;

        public void Add(int range, ReportPartResult part)
        {
            pages[range]++;
            Rows += part.Rows;
            rangesDone += part.NextPageToken is null ? 1 : 0;
        }

        public JobProgress Report(string stage) =>
            new(stage, rangesDone, pages.Length, new Dictionary<string, long>
            {
                ["rows"] = Rows,
                ["parts"] = pages.Sum(),
            });
    }
}
