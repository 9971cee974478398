using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.Documents;

public class DocumentOrchestratorTests
{
    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1");
    private readonly List<ExtractPdfChunkInput> chunks = [];
    private readonly List<string?> chunkIds = [];
    private readonly List<ResizeImageInput> resizes = [];
    private readonly List<JobProgress> progress = [];
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

    // Each chunk answers as if every range in it was extracted: 4 words and 10 characters a page.
    private void ChunksAnswer(Func<PageRange, PdfPagesResult>? range = null) =>
        context.Setup(c => c.CallSubOrchestratorAsync<PdfChunkResult>(It.Is<TaskName>(n => n.Name == nameof(ExtractPdfChunkOrchestrator)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, options) =>
            {
                var chunk = (ExtractPdfChunkInput)input!;
                chunks.Add(chunk);
                chunkIds.Add((options as SubOrchestrationOptions)?.InstanceId);
                var ranges = PageRange.Split(chunk.Pages.Count, chunk.PagesPerActivity)
                    .Select(r => new PageRange(r.First + chunk.Pages.First - 1, r.Last + chunk.Pages.First - 1))
                    .Select(r => range?.Invoke(r) ?? new PdfPagesResult(r, r.Count * 4L, r.Count * 10L, []))
                    .ToList();
                return Task.FromResult(new PdfChunkResult(ranges));
            });

    private static DocumentRequest Pdf(int? pagesPerActivity = null) => new()
    {
        Blob = "uploads/a.pdf",
        Operations = pagesPerActivity is null ? null : [new DocumentOperation { Type = DocumentOperationTypes.ExtractText, PagesPerActivity = pagesPerActivity }],
    };

    [Fact]
    public async Task RunAsync_45PagePdf_SendsRangesOfTheConfiguredSizeToChunks_WithStableIds_AndCompletesWithThemInOrder()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Pdf, 45));
        ChunksAnswer();

        await new DocumentOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Pdf(pagesPerActivity: 20));

        Assert.Equal([new PageRange(1, 20), new PageRange(21, 40), new PageRange(41, 45)], chunks.Select(c => c.Pages));
        Assert.All(chunks, c => Assert.Equal((20, new JobRun("job-1", "0123456789ab"), "uploads/a.pdf"), (c.PagesPerActivity, c.Run, c.Blob)));
        Assert.Equal(["job-1:chunk:0", "job-1:chunk:1", "job-1:chunk:2"], chunkIds);
        Assert.Equal([1, 21, 41], completed!.Ranges!.Select(r => r.Pages.First));
        Assert.Equal(45 * 4L, completed.Ranges!.Sum(r => r.Words));
    }

    [Fact]
    public async Task RunAsync_1000PagePdf_UsesTenChunksOfTwentyRanges_WithinTheParallelLimit()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Pdf, 1000));
        ChunksAnswer();

        await new DocumentOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Pdf(pagesPerActivity: 5));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => new PageRange((i * 100) + 1, (i + 1) * 100)), chunks.Select(c => c.Pages));
        Assert.All(chunks, c => Assert.Equal(DocumentLimits.MaxParallelRanges / 2, c.MaxParallelRanges));
        Assert.Equal(200, completed!.Ranges!.Count);
    }

    [Fact]
    public async Task RunAsync_WithoutOperations_UsesTwentyPagesPerActivity()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Pdf, 41));
        ChunksAnswer();

        await new DocumentOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Pdf());

        Assert.Equal([20, 20, 1], completed!.Ranges!.Select(r => r.Pages.Count));
    }

    [Fact]
    public async Task RunAsync_FailedPagesInAChunk_ArePassedOnToCompletion_AndTheJobCompletes()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Pdf, 30));
        ChunksAnswer(range => range.First == 11 ? PdfPagesResult.AllFailed(range, "retries exhausted: disk gone") : new PdfPagesResult(range, 40, 100, []));

        var result = await new DocumentOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Pdf(pagesPerActivity: 10));

        Assert.Equal(Enumerable.Range(11, 10), completed!.Ranges!.SelectMany(r => r.FailedPages).Select(f => f.Page));
        Assert.NotNull(result);
        Assert.Equal(10L, progress[^1].Counts!["failedPages"]);
    }

    [Fact]
    public async Task RunAsync_ReportsStagesAndPagesDone()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Pdf, 25));
        ChunksAnswer();

        await new DocumentOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Pdf(pagesPerActivity: 10));

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

        await new DocumentOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, new DocumentRequest { Blob = "uploads/a.jpg" });

        Assert.Equal([256, 1024], resizes.Select(r => r.Width));
        Assert.All(resizes, r => Assert.Equal(DocumentKind.Jpeg, r.Kind));
        Assert.Equal([256, 1024], completed!.Variants!.Select(v => v.RequestedWidth));
        Assert.Empty(chunks);
    }

    [Fact]
    public async Task RunAsync_ExtractTextAskedOfAnImage_FailsTheJobNamingTheMismatch()
    {
        InspectionIs(new DocumentInspection(DocumentKind.Png, Width: 10, Height: 10));

        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => new DocumentOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Pdf(pagesPerActivity: 5)));

        Assert.Contains("extractText", error.Message, StringComparison.Ordinal);
        Assert.Null(completed);
    }

    [Fact]
    public async Task RunAsync_InspectionFails_TheJobFailsWithItsError_AndNothingElseRuns()
    {
        context.Setup(c => c.CallActivityAsync<DocumentInspection>(It.Is<TaskName>(n => n.Name == nameof(InspectDocumentActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(InspectDocumentActivity), 1, new TaskFailureDetails(typeof(InvalidJobInputException).FullName!, "The PDF is encrypted", null, null, null)));

        var error = await Assert.ThrowsAsync<TaskFailedException>(() => new DocumentOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Pdf()));

        Assert.Equal("The PDF is encrypted", error.FailureDetails.ErrorMessage);
        Assert.Empty(chunks);
        Assert.Null(completed);
    }
}
