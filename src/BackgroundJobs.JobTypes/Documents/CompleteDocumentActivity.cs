using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// Merges the page texts into one file (streamed page by page through a temp file, never held
/// whole), writes <c>summary.json</c> and returns the job's result.
/// </summary>
public sealed class CompleteDocumentActivity(IBlobStore blobs) : TaskActivity<CompleteDocumentInput, DocumentResult>
{
    private const int BufferSize = 81920;

    // pdftotext's convention: every page ends with a form feed, so page boundaries survive the merge.
    private static readonly byte[] PageEnd = "\f"u8.ToArray();

    public override async Task<DocumentResult> RunAsync(TaskActivityContext context, CompleteDocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = input.Run;
        var summaryBlob = BlobNames.DocumentSummary(run);
        var result = input.Inspection.Kind == DocumentKind.Pdf
            ? await CompletePdfAsync(input, summaryBlob)
            : CompleteImage(input, summaryBlob);

        await blobs.WriteJsonAsync(summaryBlob, result);
        return result with { PageFiles = null };
    }

    private async Task<DocumentResult> CompletePdfAsync(CompleteDocumentInput input, string summaryBlob)
    {
        var ranges = input.Ranges ?? [];
        var failed = ranges.SelectMany(r => r.FailedPages).OrderBy(f => f.Page).ToList();
        var failedNumbers = failed.Select(f => f.Page).ToHashSet();
        var pageFiles = Enumerable.Range(1, input.Inspection.Pages ?? 0)
            .Where(p => !failedNumbers.Contains(p))
            .Select(p => BlobNames.DocumentPageText(input.Run, p))
            .ToList();

        var textBlob = BlobNames.DocumentText(input.Run);
        await MergeAsync(pageFiles, textBlob);
        return new DocumentResult
        {
            Kind = DocumentKind.Pdf,
            Input = input.Blob,
            Files = [summaryBlob, textBlob],
            Pages = input.Inspection.Pages,
            Words = ranges.Sum(r => r.Words),
            Characters = ranges.Sum(r => r.Characters),
            Title = input.Inspection.Title,
            Author = input.Inspection.Author,
            FailedPages = failed,
            TextBlob = textBlob,
            SummaryBlob = summaryBlob,
            PageFiles = pageFiles,
        };
    }

    private static DocumentResult CompleteImage(CompleteDocumentInput input, string summaryBlob)
    {
        var variants = input.Variants ?? [];
        return new DocumentResult
        {
            Kind = input.Inspection.Kind,
            Input = input.Blob,
            Files = [summaryBlob, .. variants.Select(v => v.Blob)],
            Width = input.Inspection.Width,
            Height = input.Inspection.Height,
            SummaryBlob = summaryBlob,
            Variants = variants,
        };
    }

    private async Task MergeAsync(IReadOnlyList<string> pageFiles, string textBlob)
    {
        await using var merged = new FileStream(
            Path.Combine(Path.GetTempPath(), $"backgroundjobs-{Guid.NewGuid():N}.txt"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            BufferSize,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        foreach (var page in pageFiles)
        {
            await using var text = await blobs.OpenReadAsync(page)
                ?? throw new IOException($"The page text '{page}' is missing; its extraction will be retried.");
            await text.CopyToAsync(merged);
            await merged.WriteAsync(PageEnd);
        }

        merged.Position = 0;
        await blobs.WriteAsync(textBlob, merged, "text/plain; charset=utf-8");
    }
}
