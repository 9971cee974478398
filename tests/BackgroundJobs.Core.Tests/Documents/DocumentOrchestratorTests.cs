using BackgroundJobs.Core.Documents;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Tests.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.Core.Tests.Documents;

public class DocumentOrchestratorTests
{
    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1");
    private readonly List<ExtractPdfPagesInput> ranges = [];
    private readonly List<ResizeImageInput> resizes = [];
    private readonly List<JobProgress> progress = [];
    private readonly List<TaskOptions?> retryOptions = [];
    private CompleteDocumentInput? completed;

    public DocumentOrchestratorTests()
    {
        context.Setup(c => c.NewGuid()).Returns(Guid.Parse("0123456789abcdef0123456789abcdef"));
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(s => progress.Add((JobProgress)s!));
        context.Setup(c => c.CallActivityAsync<DocumentResult>(It.Is<TaskName>(n => n.Name == nameof(CompleteDocumentActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                completed = (CompleteDocumentInput)input!;
                return Task.FromResult(new DocumentResult { Kind = completed.Inspection.Kind, Input = completed.Blob, Files = ["results/job-1/x/summary.json"] });
            });
    }

    private void InspectionIs(DocumentInspection inspection) =>
        context.Setup(c => c.CallActivityAsync<DocumentInspection>(It.Is<TaskName>(n => n.Name == nameof(InspectDocumentActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(inspection);

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

    private static DocumentRequest Pdf(int? pagesPerActivity = null) => new()
    {
        Blob = "uploads/a.pdf",
        Operations = pagesPerActivity is null ? null : [new DocumentOperation { Type = DocumentOperationTypes.ExtractText, PagesPerActivity = pagesPerActivity }],
    };

    [Fact]
    public async Task RunAsync_45PagePdf_FansOutInRangesOfTheConfiguredSize_WithRetries_AndPassesThemToCompletionInOrder()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Pdf, 45));
        RangesAnswer(AllExtracted);

        await new DocumentOrchestrator().RunAsync(context.Object, Pdf(pagesPerActivity: 20));

        Assert.Equal([new PageRange(1, 20), new PageRange(21, 40), new PageRange(41, 45)], ranges.Select(r => r.Pages));
        Assert.All(ranges, r => Assert.Equal(new JobRun("job-1", "0123456789ab"), r.Run));
        Assert.All(ranges, r => Assert.Equal("uploads/a.pdf", r.Blob));
        Assert.All(retryOptions, o => Assert.NotNull(o?.Retry?.Handler));
        Assert.Equal([1, 21, 41], completed!.Ranges!.Select(r => r.Pages.First));
    }

    [Fact]
    public async Task RunAsync_WithoutOperations_UsesTwentyPagesPerActivity()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Pdf, 41));
        RangesAnswer(AllExtracted);

        await new DocumentOrchestrator().RunAsync(context.Object, Pdf());

        Assert.Equal([20, 20, 1], ranges.Select(r => r.Pages.Count));
    }

    [Fact]
    public async Task RunAsync_ARangeFailsAfterItsRetries_ReportsEachOfItsPages_AndTheJobCompletes()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Pdf, 30));
        RangesAnswer(pages => pages.First == 11
            ? Task.FromException<PdfPagesResult>(new TaskFailedException(nameof(ExtractPdfPagesActivity), 7, new TaskFailureDetails("System.IO.IOException", "disk gone", null, null, null)))
            : AllExtracted(pages));

        await new DocumentOrchestrator().RunAsync(context.Object, Pdf(pagesPerActivity: 10));

        var failed = completed!.Ranges!.SelectMany(r => r.FailedPages).ToList();
        Assert.Equal(Enumerable.Range(11, 10), failed.Select(f => f.Page));
        Assert.All(failed, f => Assert.Contains("disk gone", f.Error, StringComparison.Ordinal));
        Assert.Equal(2 * 40L, completed.Ranges!.Sum(r => r.Words));
    }

    [Fact]
    public async Task RunAsync_ManyRanges_KeepsAtMostTheParallelLimitInFlight()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Pdf, 100));
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

        var run = new DocumentOrchestrator().RunAsync(context.Object, Pdf(pagesPerActivity: 5));
        while (!run.IsCompleted)
        {
            var (pages, done) = waiting[0];
            waiting.RemoveAt(0);
            inFlight--;
            done.SetResult(await AllExtracted(pages));
        }

        await run;
        Assert.Equal(20, ranges.Count);
        Assert.Equal(DocumentLimits.MaxParallelRanges, most);
    }

    [Fact]
    public async Task RunAsync_ReportsStagesAndPagesDone()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Pdf, 25));
        RangesAnswer(AllExtracted);

        await new DocumentOrchestrator().RunAsync(context.Object, Pdf(pagesPerActivity: 10));

        Assert.Equal(DocumentOrchestrator.StageInspecting, progress[0].Stage);
        var extracting = progress.Where(p => p.Stage == DocumentOrchestrator.StageExtracting).ToList();
        Assert.Equal([0, 10, 20, 25], extracting.Select(p => p.Done));
        Assert.All(extracting, p => Assert.Equal(25, p.Total));
        Assert.Equal([DocumentOrchestrator.StageCompleting, DocumentOrchestrator.StageCompleted], progress[^2..].Select(p => p.Stage));
        Assert.Equal((25, 25, 25L), (progress[^1].Done, progress[^1].Total, progress[^1].Counts!["pages"]));
    }

    [Fact]
    public async Task RunAsync_Image_ResizesOncePerDistinctWidth_AndNeverExtractsText()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Jpeg, Width: 2000, Height: 1000));
        context.Setup(c => c.CallActivityAsync<ImageVariant>(It.Is<TaskName>(n => n.Name == nameof(ResizeImageActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                var resize = (ResizeImageInput)input!;
                resizes.Add(resize);
                return Task.FromResult(new ImageVariant(resize.Width, resize.Width, resize.Width / 2, $"results/job-1/x/images/w{resize.Width}.jpg", 10));
            });

        await new DocumentOrchestrator().RunAsync(context.Object, new DocumentRequest { Blob = "uploads/a.jpg" });

        Assert.Equal([256, 1024], resizes.Select(r => r.Width));
        Assert.All(resizes, r => Assert.Equal(DocumentKind.Jpeg, r.Kind));
        Assert.Equal([256, 1024], completed!.Variants!.Select(v => v.RequestedWidth));
        Assert.Empty(ranges);
    }

    [Fact]
    public async Task RunAsync_ExtractTextAskedOfAnImage_FailsTheJobNamingTheMismatch()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Png, Width: 10, Height: 10));

        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => new DocumentOrchestrator().RunAsync(context.Object, Pdf(pagesPerActivity: 5)));

        Assert.Contains("extractText", error.Message, StringComparison.Ordinal);
        Assert.Null(completed);
    }

    [Fact]
    public async Task RunAsync_InspectionFails_TheJobFailsWithItsError_AndNothingElseRuns()
    {
        context.Setup(c => c.CallActivityAsync<DocumentInspection>(It.Is<TaskName>(n => n.Name == nameof(InspectDocumentActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(InspectDocumentActivity), 1, new TaskFailureDetails(typeof(InvalidJobInputException).FullName!, "The PDF is encrypted", null, null, null)));

        var error = await Assert.ThrowsAsync<TaskFailedException>(() => new DocumentOrchestrator().RunAsync(context.Object, Pdf()));

        Assert.Equal("The PDF is encrypted", error.FailureDetails.ErrorMessage);
        Assert.Empty(ranges);
        Assert.Null(completed);
    }
}
