using BackgroundJobs.Core.Jobs;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>Opens a PDF with PdfPig, turning its failures into a job error a client can act on.</summary>
internal static class PdfDocuments
{
    public static PdfDocument Open(Stream seekable)
    {
        try
        {
            return PdfDocument.Open(seekable, new ParsingOptions { ClipPaths = false });
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new InvalidJobInputException("The PDF is encrypted (password-protected); upload it without the password.", ex);
        }
#pragma warning disable CA1031 // PdfPig reports a damaged file with many exception types; every one means "cannot be read".
        catch (Exception ex) when (ex is not OperationCanceledException and not IOException and not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new InvalidJobInputException($"The PDF is damaged and cannot be read: {ex.Message}", ex);
        }
    }
}
