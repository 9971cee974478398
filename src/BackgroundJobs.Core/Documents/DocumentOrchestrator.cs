using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Documents;

/// <summary>
/// Inspects the uploaded file, then fans out: a PDF's pages in ranges (at most
/// <see cref="DocumentLimits.MaxParallelRanges"/> at once), an image's variants one activity each.
/// Progress moves as each finishes. A range that fails after its retries is reported page by page
/// and the rest go on; an unsupported, corrupt or encrypted file fails the job at inspection.
/// </summary>
public sealed class DocumentOrchestrator : TaskOrchestrator<DocumentRequest, DocumentResult>
{
    public const string StageInspecting = "inspecting";
    public const string StageExtracting = "extracting";
    public const string StageResizing = "resizing";
    public const string StageCompleting = "completing";
    public const string StageCompleted = "completed";

    public override async Task<DocumentResult> RunAsync(TaskOrchestrationContext context, DocumentRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var blob = input.Blob ?? throw new InvalidJobInputException("The job has no blob.");
        var run = new JobRun(context.InstanceId, context.NewGuid().ToString("N")[..12]);
        var logger = context.CreateReplaySafeLogger<DocumentOrchestrator>();

        context.SetCustomStatus(new JobProgress(StageInspecting, 0, 0));
        var inspection = await context.CallActivityAsync<DocumentInspection>(
            nameof(InspectDocumentActivity),
            new InspectDocumentInput(blob),
            JobRetry.Options(BackoffPolicy.Default, nameof(InspectDocumentActivity)));
        var work = DocumentWork.For(inspection.Kind, input.Operations);
        Logs.DocumentInspected(logger, run.JobId, inspection.Kind, inspection.Pages ?? 0);

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
        Logs.DocumentFinished(logger, run.JobId, result.Files.Count, result.FailedPages?.Count ?? 0);
        return result;
    }

    private static async Task<IReadOnlyList<PdfPagesResult>> ExtractTextAsync(TaskOrchestrationContext context, JobRun run, string blob, int pages, int pagesPerActivity)
    {
        var results = new List<PdfPagesResult>();
        var inFlight = new List<Task<PdfPagesResult>>();
        context.SetCustomStatus(PagesProgress(results, pages));
        foreach (var range in PageRange.Split(pages, pagesPerActivity))
        {
            if (inFlight.Count >= DocumentLimits.MaxParallelRanges)
            {
                await FinishOneAsync(context, inFlight, results, pages);
            }

            inFlight.Add(ExtractRangeAsync(context, run, blob, range));
        }

        while (inFlight.Count > 0)
        {
            await FinishOneAsync(context, inFlight, results, pages);
        }

        return results.OrderBy(r => r.Pages.First).ToList();
    }

    // Which range finishes first depends on timing, but replay sees the same completion order,
    // and nothing scheduled depends on which one it was: only on how many are still running.
    private static async Task FinishOneAsync(TaskOrchestrationContext context, List<Task<PdfPagesResult>> inFlight, List<PdfPagesResult> results, int pages)
    {
        var finished = await Task.WhenAny(inFlight);
        inFlight.Remove(finished);
        results.Add(await finished);
        context.SetCustomStatus(PagesProgress(results, pages));
    }

    private static async Task<PdfPagesResult> ExtractRangeAsync(TaskOrchestrationContext context, JobRun run, string blob, PageRange range)
    {
        try
        {
            return await context.CallActivityAsync<PdfPagesResult>(
                nameof(ExtractPdfPagesActivity),
                new ExtractPdfPagesInput(run, blob, range),
                JobRetry.Options(BackoffPolicy.Default, $"{nameof(ExtractPdfPagesActivity)}/{range.First}"));
        }
        catch (TaskFailedException ex)
        {
            // Retries are spent (or the failure was not transient): report these pages and keep the job going.
            return PdfPagesResult.AllFailed(range, $"retries exhausted: {ex.FailureDetails.ErrorMessage}");
        }
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
            var finished = await Task.WhenAny(pending);
            pending.Remove(finished);
            done.Add(await finished);
            context.SetCustomStatus(new JobProgress(StageResizing, done.Count, widths.Count));
        }

        return done.OrderBy(v => v.RequestedWidth).ToList();
    }
}
