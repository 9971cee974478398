using System.Globalization;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// Detects the file's type from its content and reads what planning needs: a PDF's page count and
/// metadata, an image's dimensions from its header alone. An unsupported, corrupt, encrypted or
/// too-large file fails here with <see cref="InvalidJobInputException"/>, which is never retried,
/// and the uploaded file is left as it was.
/// </summary>
public sealed class InspectDocumentActivity(IBlobStore blobs, IOptions<DocumentOptions> options) : TaskActivity<InspectDocumentInput, DocumentInspection>
{
    public override async Task<DocumentInspection> RunAsync(TaskActivityContext context, InspectDocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var stream = await SeekableBlob.OpenAsync(blobs, input.Blob);
        var header = await SeekableBlob.ReadHeaderAsync(stream);
        var kind = DocumentSniffer.Detect(header)
            ?? throw new InvalidJobInputException("Unsupported file type: the content is not a PDF, PNG, JPEG or WebP file (the type is read from the content, not the name).");

        return kind == DocumentKind.Pdf ? InspectPdf(stream, options.Value) : InspectImage(stream, kind, options.Value);
    }

    private static DocumentInspection InspectPdf(Stream stream, DocumentOptions options)
    {
        using var document = PdfDocuments.Open(stream);
        var pages = document.NumberOfPages;
        if (pages > options.MaxPdfPages)
        {
            throw new InvalidJobInputException(string.Create(CultureInfo.InvariantCulture, $"The PDF has {pages} pages; the limit is {options.MaxPdfPages}."));
        }

        var information = document.Information;
        return new DocumentInspection(DocumentKind.Pdf, pages, NullIfBlank(information.Title), NullIfBlank(information.Author));
    }

    private static DocumentInspection InspectImage(Stream stream, DocumentKind kind, DocumentOptions options)
    {
        var (width, height) = ImageHeader.ReadDimensions(stream, options.MaxImagePixels);
        return new DocumentInspection(kind, Width: width, Height: height);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
