using System.Text;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// Extracts the text of one page range into one blob per page. A page that fails to parse is
/// reported and the others go on; running it again rewrites the same blobs.
/// </summary>
public sealed class ExtractPdfPagesActivity(IBlobStore blobs) : TaskActivity<ExtractPdfPagesInput, PdfPagesResult>
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public override async Task<PdfPagesResult> RunAsync(TaskActivityContext context, ExtractPdfPagesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var stream = await SeekableBlob.OpenAsync(blobs, input.Blob);
        using var document = PdfDocuments.Open(stream);
        long words = 0;
        long characters = 0;
        var failed = new List<FailedPage>();
        for (var number = input.Pages.First; number <= input.Pages.Last; number++)
        {
            if (!TryExtract(document, number, out var text, out var pageWords, out var error))
            {
                failed.Add(new FailedPage(number, error));
                continue;
            }

            words += pageWords;
            characters += CountCharacters(text);
            using var content = new MemoryStream(Utf8.GetBytes(text));
            await blobs.WriteAsync(BlobNames.DocumentPageText(input.Run, number), content, "text/plain; charset=utf-8");
        }

        return new PdfPagesResult(input.Pages, words, characters, failed);
    }

    /// <summary>Characters that are not white space, so a count does not depend on how lines were broken.</summary>
    public static long CountCharacters(string text) => text.Count(c => !char.IsWhiteSpace(c));

#pragma warning disable CA1031 // A page's content stream can break PdfPig in many ways; each one fails that page only.
    private static bool TryExtract(PdfDocument document, int number, out string text, out int words, out string error)
    {
        try
        {
            var page = document.GetPage(number);
            text = ContentOrderTextExtractor.GetText(page);
            words = page.GetWords().Count();
            error = string.Empty;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not IOException and not OutOfMemoryException)
        {
            (text, words, error) = (string.Empty, 0, $"{ex.GetType().Name}: {ex.Message}");
            return false;
        }
    }
#pragma warning restore CA1031
}
