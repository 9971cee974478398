using BackgroundJobs.Core.Jobs;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.Documents;

public class ExtractPdfChunkOrchestratorTests
{
    private static readonly JobRun Run = new("job-1", "run1");

    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1:chunk:0");
    private readonly List<ExtractPdfPagesInput> ranges = [];
    private readonly List<TaskOptions?> retryOptions = [];

    private void RangesAnswer(Func<PageRange, Task<PdfPagesResult>> answer) =>
        context.Setup(c => c.CallActivityAsync<PdfPagesResult>(It.Is<TaskName>(n => n.Name == nameof(ExtractPdfPagesActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, options) =>
            {
                var range = (ExtractPdfPagesInput)input!;
                ranges.Add(range);
                retryOptions.Add(options);
                return answer(range.Pages);
            });

    private static Task<PdfPagesResult> AllExtracted(PageRange pages) =>
        Task.FromResult(new PdfPagesResult(pages, pages.Count * 4L, pages.Count * 10L, []));

    [Fact]
    public async Task RunAsync_SplitsItsPagesIntoRanges_EachOneActivityWithARetryHandler()
    {
        RangesAnswer(AllExtracted);

        var result = await new ExtractPdfChunkOrchestrator().RunAsync(context.Object, new ExtractPdfChunkInput(Run, "uploads/a.pdf", new PageRange(41, 85), 20, 4));

        Assert.Equal([new PageRange(41, 60), new PageRange(61, 80), new PageRange(81, 85)], ranges.Select(r => r.Pages));
        Assert.All(ranges, r => Assert.Equal((Run, "uploads/a.pdf"), (r.Run, r.Blob)));
        Assert.All(retryOptions, o => Assert.NotNull(o?.Retry?.Handler));
        Assert.Equal([41, 61, 81], result.Ranges.Select(r => r.Pages.First));
    }

    [Fact]
    public async Task RunAsync_ARangeFailsAfterItsRetries_ReportsEachOfItsPages_AndTheOthersFinish()
    {
        RangesAnswer(pages => pages.First == 11
            ? Task.FromException<PdfPagesResult>(new TaskFailedException(nameof(ExtractPdfPagesActivity), 7, new TaskFailureDetails("System.IO.IOException", "disk gone", null, null, null)))
            : AllExtracted(pages));

        var result = await new ExtractPdfChunkOrchestrator().RunAsync(context.Object, new ExtractPdfChunkInput(Run, "uploads/a.pdf", new PageRange(1, 30), 10, 8));

        var failed = result.Ranges.SelectMany(r => r.FailedPages).ToList();
        Assert.Equal(Enumerable.Range(11, 10), failed.Select(f => f.Page));
        Assert.All(failed, f => Assert.Contains("disk gone", f.Error, StringComparison.Ordinal));
        Assert.Equal(2 * 40L, result.Ranges.Sum(r => r.Words));
    }

    [Fact]
    public async Task RunAsync_ManyRanges_KeepsAtMostItsParallelLimitInFlight()
    {
        var inFlight = 0;
        var most = 0;
        var waiting = new List<(PageRange Pages, TaskCompletionSource<PdfPagesResult> Done)>();
        RangesAnswer(pages =>
        {
            most = Math.Max(most, ++inFlight);
            var done = new TaskCompletionSource<PdfPagesResult>();
            waiting.Add((pages, done));
            return done.Task;
        });

        var run = new ExtractPdfChunkOrchestrator().RunAsync(context.Object, new ExtractPdfChunkInput(Run, "uploads/a.pdf", new PageRange(1, 100), 5, 3));
        while (!run.IsCompleted)
        {
            var (pages, done) = waiting[0];
            waiting.RemoveAt(0);
            inFlight--;
            done.SetResult(await AllExtracted(pages));
        }

        var result = await run;
        Assert.Equal(20, ranges.Count);
        Assert.Equal(3, most);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (i * 5) + 1), result.Ranges.Select(r => r.Pages.First));
    }
}
