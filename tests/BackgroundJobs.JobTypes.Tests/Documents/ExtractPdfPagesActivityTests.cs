using System.Text.RegularExpressions;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.TestHelpers;
using BackgroundJobs.TestHelpers.Fakes;

namespace BackgroundJobs.JobTypes.Tests.Documents;

public class ExtractPdfPagesActivityTests
{
    private static readonly JobRun Run = new("job-1", "run1");

    private readonly InMemoryBlobStore blobs = new();

    [Fact]
    public async Task RunAsync_PageRange_WritesOneTextBlobPerPageOfThatRangeOnly_AndCountsWordsAndCharacters()
    {
        blobs.Blobs["uploads/a.pdf"] = TestDocuments.Pdf(5);

        var result = await new ExtractPdfPagesActivity(blobs).RunAsync(null!, new ExtractPdfPagesInput(Run, "uploads/a.pdf", new PageRange(2, 3)));

        Assert.Equal(["results/job-1/run1/pages/00002.txt", "results/job-1/run1/pages/00003.txt"], blobs.Blobs.Keys.Where(k => k.StartsWith("results/", StringComparison.Ordinal)).Order());
        Assert.Equal(TestDocuments.PageText(2), Normalize(blobs.ReadText(BlobNames.DocumentPageText(Run, 2))));
        Assert.Equal(TestDocuments.PageText(3), Normalize(blobs.ReadText(BlobNames.DocumentPageText(Run, 3))));
        Assert.Equal(8, result.Words);
        Assert.Equal(2 * "Page2alphabeta".Length, result.Characters);
        Assert.Empty(result.FailedPages);
    }

    [Fact]
    public async Task RunAsync_OnePageCannotBeParsed_ReportsIt_AndTheOtherPagesFinish()
    {
        blobs.Blobs["uploads/a.pdf"] = TestDocuments.PdfWithBrokenPage(pages: 3, brokenPage: 2);

        var result = await new ExtractPdfPagesActivity(blobs).RunAsync(null!, new ExtractPdfPagesInput(Run, "uploads/a.pdf", new PageRange(1, 3)));

        var failed = Assert.Single(result.FailedPages);
        Assert.Equal(2, failed.Page);
        Assert.False(string.IsNullOrWhiteSpace(failed.Error));
        Assert.True(blobs.Blobs.ContainsKey(BlobNames.DocumentPageText(Run, 1)));
        Assert.False(blobs.Blobs.ContainsKey(BlobNames.DocumentPageText(Run, 2)));
        Assert.Equal(TestDocuments.PageText(3), Normalize(blobs.ReadText(BlobNames.DocumentPageText(Run, 3))));
        Assert.Equal(8, result.Words);
    }

    private static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
