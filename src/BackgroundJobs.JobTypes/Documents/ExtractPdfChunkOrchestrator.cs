using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// Extracts a run of page ranges with at most <see cref="ExtractPdfChunkInput.MaxParallelRanges"/>
/// in flight. A range that still fails after its retries is reported page by page and the others go on.
/// </summary>
public sealed class ExtractPdfChunkOrchestrator : TaskOrchestrator<ExtractPdfChunkInput, PdfChunkResult>
{
    public override async Task<PdfChunkResult> RunAsync(TaskOrchestrationContext context, ExtractPdfChunkInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var inFlight = new List<Task<PdfPagesResult>>();
        var results = new List<PdfPagesResult>();
        var ranges = PageRange.Split(input.Pages.Count, input.PagesPerActivity)
            .Select(r => new PageRange(r.First + input.Pages.First - 1, r.Last + input.Pages.First - 1));
        foreach (var range in ranges)
        {
            if (inFlight.Count >= input.MaxParallelRanges)
            {
                results.Add(await InFlight.TakeNextAsync(inFlight));
            }

            inFlight.Add(ExtractRangeAsync(context, input.Run, input.Blob, range));
        }

        results.AddRange(await Task.WhenAll(inFlight));
        return new PdfChunkResult(results.OrderBy(r => r.Pages.First).ToList());
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
}
