using BackgroundJobs.Core.Jobs;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.TestHelpers;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace BackgroundJobs.JobTypes.Tests.Documents;

public class ResizeImageActivityTests
{
    private static readonly JobRun Run = new("job-1", "run1");

    private readonly InMemoryBlobStore blobs = new();

    private Task<ImageVariant> ResizeAsync(byte[] image, DocumentKind kind, int width, long maxPixels = 40_000_000)
    {
        blobs.Blobs["uploads/i.bin"] = image;
        var activity = new ResizeImageActivity(blobs, Options.Create(new DocumentOptions { MaxImagePixels = maxPixels }));
        return activity.RunAsync(null!, new ResizeImageInput(Run, "uploads/i.bin", kind, width));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, DocumentKind.Png, "results/job-1/run1/images/w256.png")]
    [InlineData(SKEncodedImageFormat.Jpeg, DocumentKind.Jpeg, "results/job-1/run1/images/w256.jpg")]
    [InlineData(SKEncodedImageFormat.Webp, DocumentKind.Webp, "results/job-1/run1/images/w256.webp")]
    public async Task RunAsync_WritesAVariantInTheSourceFormat_KeepingTheAspectRatio(SKEncodedImageFormat format, DocumentKind kind, string expectedBlob)
    {
        var variant = await ResizeAsync(TestDocuments.Image(format, 800, 600), kind, 256);

        Assert.Equal(new ImageVariant(256, 256, 192, expectedBlob, blobs.Blobs[expectedBlob].Length), variant);
        using var codec = SKCodec.Create(new MemoryStream(blobs.Blobs[expectedBlob]));
        Assert.Equal(format, codec.EncodedFormat);
        Assert.Equal((256, 192), (codec.Info.Width, codec.Info.Height));
    }

    [Fact]
    public async Task RunAsync_WidthAboveTheOriginals_KeepsTheOriginalSize_NeverUpscales()
    {
        var variant = await ResizeAsync(TestDocuments.Image(SKEncodedImageFormat.Png, 300, 200), DocumentKind.Png, 1024);

        Assert.Equal((1024, 300, 200), (variant.RequestedWidth, variant.Width, variant.Height));
    }

    [Fact]
    public async Task RunAsync_ImageOverThePixelLimit_IsRefusedBeforeDecoding()
    {
        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => ResizeAsync(TestDocuments.PngHeaderOnly(20_000, 20_000), DocumentKind.Png, 256));

        Assert.Contains("refused before decoding", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(blobs.Blobs.Keys, k => k.StartsWith("results/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1000, 1, 256, 256, 1)]
    [InlineData(3, 1000, 16, 3, 1000)]
    [InlineData(1001, 333, 500, 500, 166)]
    public void VariantSize_KeepsTheRatio_AndAtLeastOnePixel(int width, int height, int requested, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), ResizeImageActivity.VariantSize(width, height, requested));
    }
}
