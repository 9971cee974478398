using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// Inspects the uploaded file, then fans out: a PDF's page ranges through
/// <see cref="ExtractPdfChunkOrchestrator"/> sub-orchestrations (at most
/// <see cref="DocumentLimits.MaxParallelRanges"/> ranges at once in all), an image's variants one
/// activity each. Progress moves as each finishes. A range that fails after its retries is reported
/// page by page and the rest go on; an unsupported, corrupt or encrypted file fails the job at inspection.
/// </summary>
public sealed class DocumentOrchestrator(JobEventChannels channels) : JobOrchestrator<DocumentRequest, DocumentResult>(channels)
{
    public const string StageInspecting = "inspecting";
    public const string StageExtracting = "extracting";
    public const string StageResizing = "resizing";
    public const string StageCompleting = "completing";
    public const string StageCompleted = "completed";

    protected override async Task<DocumentResult> RunJobAsync(TaskOrchestrationContext context, DocumentRequest input)
    {
        var blob = input.Blob ?? throw new InvalidJobInputException("The job has no blob.");
        var run = new JobRun(context.InstanceId, context.NewGuid().ToString("N")[..12]);
        var logger = context.CreateReplaySafeLogger<DocumentOrchestrator>();

        context.SetCustomStatus(new JobProgress(StageInspecting, 0, 0));
        var inspection = await context.CallActivityAsync<DocumentInspection>(
            nameof(InspectDocumentActivity),
            new InspectDocumentInput(blob),
            JobRetry.Options(BackoffPolicy.Default, nameof(InspectDocumentActivity)));
        var work = DocumentWork.For(inspection.Kind, input.Operations);
        DocumentLogs.DocumentInspected(logger, run.JobId, inspection.Kind, inspection.Pages ?? 0);

        IReadOnlyList<PdfPagesResult>? ranges = null;
        IReadOnlyList<ImageVariant>? variants = null;
        if (work.PagesPerActivity is { } pagesPerActivity)
        {
            ranges = await ExtractTextAsync(context, run, blob, inspection.Pages ?? 0, pagesPerActivity);
        }

        if (work.Widths is { } widths)
        {
            variants = await ResizeAsync(context, run, blob, inspection.Kind, widths);
        }

        // The last figures stay in the status to the end, so a finished job still shows its counts.
        var finalProgress = ranges is not null ? PagesProgress(ranges, inspection.Pages ?? 0) : new JobProgress(StageResizing, variants?.Count ?? 0, variants?.Count ?? 0);
        context.SetCustomStatus(finalProgress with { Stage = StageCompleting });
        var result = await context.CallActivityAsync<DocumentResult>(
            nameof(CompleteDocumentActivity),
            new CompleteDocumentInput(run, blob, inspection, ranges, variants),
            JobRetry.Options(BackoffPolicy.Default, nameof(CompleteDocumentActivity)));

        context.SetCustomStatus(finalProgress with { Stage = StageCompleted });
        DocumentLogs.DocumentFinished(logger, run.JobId, result.Files.Count, result.FailedPages?.Count ?? 0);
        return result;
    }

    private static async Task<IReadOnlyList<PdfPagesResult>> ExtractTextAsync(TaskOrchestrationContext context, JobRun run, string blob, int pages, int pagesPerActivity)
    {
        // Ranges go to sub-orchestrations laid out as bulk e-mail's batches are: about a tenth of the
        // job each, at most 50 ranges, so a 10,000-page PDF never grows one history past a few
        // hundred events, and progress moves in steps of about 10%.
        var ranges = PageRange.Split(pages, pagesPerActivity);
        var layout = ChunkLayout.For(ranges.Count, DocumentLimits.MaxParallelRanges);
        var results = new List<PdfPagesResult>();
        var inFlight = new List<Task<PdfChunkResult>>();
        context.SetCustomStatus(PagesProgress(results, pages));
        for (var (first, chunk) = (0, 0); first < ranges.Count; first += layout.ItemsPerChunk, chunk++)
        {
            if (inFlight.Count >= layout.ChunksInFlight)
            {
                await FinishOneAsync(context, inFlight, results, pages);
            }

            var last = ranges[Math.Min(ranges.Count, first + layout.ItemsPerChunk) - 1];
            inFlight.Add(context.CallSubOrchestratorAsync<PdfChunkResult>(
                nameof(ExtractPdfChunkOrchestrator),
                new ExtractPdfChunkInput(run, blob, new PageRange(ranges[first].First, last.Last), pagesPerActivity, layout.ParallelItemsPerChunk),
                new SubOrchestrationOptions { InstanceId = $"{run.JobId}:chunk:{chunk}" }));
        }

        while (inFlight.Count > 0)
        {
            await FinishOneAsync(context, inFlight, results, pages);
        }

        return results.OrderBy(r => r.Pages.First).ToList();
    }

    // Which chunk finishes first depends on timing, but replay sees the same completion order,
    // and nothing scheduled depends on which one it was: only on how many are still running.
    private static async Task FinishOneAsync(TaskOrchestrationContext context, List<Task<PdfChunkResult>> inFlight, List<PdfPagesResult> results, int pages)
    {
        results.AddRange((await InFlight.TakeNextAsync(inFlight)).Ranges);
        context.SetCustomStatus(PagesProgress(results, pages));
    }

    private static JobProgress PagesProgress(IReadOnlyCollection<PdfPagesResult> results, int pages) =>
        new(StageExtracting, results.Sum(r => r.Pages.Count), pages, new Dictionary<string, long>
        {
            ["pages"] = pages,
            ["failedPages"] = results.Sum(r => r.FailedPages.Count),
        });

    private static async Task<IReadOnlyList<ImageVariant>> ResizeAsync(TaskOrchestrationContext context, JobRun run, string blob, DocumentKind kind, IReadOnlyList<int> widths)
    {
        context.SetCustomStatus(new JobProgress(StageResizing, 0, widths.Count));
        var pending = widths
            .Select(width => context.CallActivityAsync<ImageVariant>(
                nameof(ResizeImageActivity),
                new ResizeImageInput(run, blob, kind, width),
                JobRetry.Options(BackoffPolicy.Default, $"{nameof(ResizeImageActivity)}/{width}")))
            .ToList();
        var done = new List<ImageVariant>();
        while (pending.Count > 0)
        {
            done.Add(await InFlight.TakeNextAsync(pending));
            context.SetCustomStatus(new JobProgress(StageResizing, done.Count, widths.Count));
        }

        return done.OrderBy(v => v.RequestedWidth).ToList();
    }
}
