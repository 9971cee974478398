using BackgroundJobs.Core.Jobs;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.TestHelpers;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace BackgroundJobs.JobTypes.Tests.Documents;

/// <summary>Inspection on real files: PdfPig and SkiaSharp (its Linux native library loaded here) against generated PDFs and images.</summary>
public class InspectDocumentActivityTests
{
    private readonly InMemoryBlobStore blobs = new();

    private Task<DocumentInspection> InspectAsync(byte[] file, long maxPixels = 40_000_000)
    {
        blobs.Blobs["uploads/file.bin"] = file;
        var activity = new InspectDocumentActivity(blobs, Options.Create(new DocumentOptions { MaxImagePixels = maxPixels }));
        return activity.RunAsync(null!, new InspectDocumentInput("uploads/file.bin"));
    }

    [Fact]
    public async Task RunAsync_Pdf_ReadsPagesTitleAndAuthor()
    {
        var inspection = await InspectAsync(TestDocuments.Pdf(7, "Annual report", "Ada Lovelace"));

        Assert.Equal(new DocumentInspection(DocumentKind.Pdf, 7, "Annual report", "Ada Lovelace"), inspection);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, DocumentKind.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg, DocumentKind.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp, DocumentKind.Webp)]
    public async Task RunAsync_Image_DetectsTheTypeFromTheContent_AndReadsItsSize(SKEncodedImageFormat format, DocumentKind expected)
    {
        var inspection = await InspectAsync(TestDocuments.Image(format, 640, 480));

        Assert.Equal(new DocumentInspection(expected, Width: 640, Height: 480), inspection);
    }

    [Fact]
    public async Task RunAsync_EncryptedPdf_FailsWithoutRetry_SayingItIsEncrypted()
    {
        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => InspectAsync(TestDocuments.EncryptedPdf()));

        Assert.Contains("encrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CorruptPdf_FailsSayingItIsDamaged()
    {
        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => InspectAsync("%PDF-1.7\nthis is not a PDF body at all"u8.ToArray()));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CorruptPng_FailsSayingItIsDamaged()
    {
        var png = TestDocuments.Image(SKEncodedImageFormat.Png, 64, 64)[..20];

        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => InspectAsync(png));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TextFileNamedLikeAPdf_IsUnsupported()
    {
        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => InspectAsync("name,email\nAda,ada@example.com\n"u8.ToArray()));

        Assert.StartsWith("Unsupported file type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ImageHeaderDeclaringTooManyPixels_IsRefusedFromTheHeaderAlone()
    {
        // 30000 x 30000 declared, no pixel data: decoding would fail or need 3.6 GB.
        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => InspectAsync(TestDocuments.PngHeaderOnly(30_000, 30_000)));

        Assert.Contains("30000x30000", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused before decoding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ImageOverTheConfiguredLimit_IsRefused()
    {
        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => InspectAsync(TestDocuments.Image(SKEncodedImageFormat.Jpeg, 200, 100), maxPixels: 19_999));

        Assert.Contains("over the limit of 19999 pixels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StoreStreamIsNotSeekable_CopiesToATempFile_AndStillReadsThePdf()
    {
        var store = new NonSeekableBlobStore(blobs);
        blobs.Blobs["uploads/file.pdf"] = TestDocuments.Pdf(3);
        var activity = new InspectDocumentActivity(store, Options.Create(new DocumentOptions()));

        var inspection = await activity.RunAsync(null!, new InspectDocumentInput("uploads/file.pdf"));

        Assert.Equal(3, inspection.Pages);
        Assert.True(store.Opened > 0);
    }
}
