using System.Text;
using System.Text.Json;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.TestHelpers.Fakes;

namespace BackgroundJobs.JobTypes.Tests.Documents;

public class CompleteDocumentActivityTests
{
    private static readonly JobRun Run = new("job-1", "run1");

    private readonly InMemoryBlobStore blobs = new();

    [Fact]
    public async Task RunAsync_Pdf_MergesThePagesInPageOrder_SkippingFailedOnes_AndWritesTheSummary()
    {
        foreach (var page in new[] { 3, 1, 4 })
        {
            blobs.Blobs[BlobNames.DocumentPageText(Run, page)] = Encoding.UTF8.GetBytes($"text {page}");
        }

        var ranges = new[]
        {
            new PdfPagesResult(new PageRange(3, 4), 4, 10, []),
            new PdfPagesResult(new PageRange(1, 2), 2, 5, [new FailedPage(2, "broken font")]),
        };
        var input = new CompleteDocumentInput(Run, "uploads/a.pdf", new DocumentInspection(DocumentKind.Pdf, 4, "Title", null), ranges);

        var result = await new CompleteDocumentActivity(blobs).RunAsync(null!, input);

        Assert.Equal("text 1\ftext 3\ftext 4\f", blobs.ReadText(BlobNames.DocumentText(Run)));
        Assert.Equal((4, 6L, 15L, "Title"), (result.Pages!.Value, result.Words!.Value, result.Characters!.Value, result.Title));
        Assert.Equal([BlobNames.DocumentSummary(Run), BlobNames.DocumentText(Run)], result.Files);
        Assert.Equal(2, Assert.Single(result.FailedPages!).Page);
        Assert.Null(result.PageFiles);
        using var summary = JsonDocument.Parse(blobs.Blobs[BlobNames.DocumentSummary(Run)]);
        Assert.Equal(3, summary.RootElement.GetProperty("pageFiles").GetArrayLength());
        Assert.Equal("broken font", summary.RootElement.GetProperty("failedPages")[0].GetProperty("error").GetString());
        Assert.Equal("pdf", summary.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task RunAsync_Image_ListsTheSummaryAndEveryVariant()
    {
        var variants = new[] { new ImageVariant(256, 256, 128, "results/job-1/run1/images/w256.png", 100) };
        var input = new CompleteDocumentInput(Run, "uploads/a.png", new DocumentInspection(DocumentKind.Png, Width: 512, Height: 256), Variants: variants);

        var result = await new CompleteDocumentActivity(blobs).RunAsync(null!, input);

        Assert.Equal([BlobNames.DocumentSummary(Run), variants[0].Blob], result.Files);
        Assert.Equal((512, 256), (result.Width!.Value, result.Height!.Value));
        Assert.True(blobs.Blobs.ContainsKey(BlobNames.DocumentSummary(Run)));
    }
}
