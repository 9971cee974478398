using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// Writes one resized variant of an image in the source's format, keeping the aspect ratio. The
/// pixel limit is checked again from the header before decoding: configuration may have changed
/// since the job was inspected, and a decode is where the memory goes.
/// </summary>
public sealed class ResizeImageActivity(IBlobStore blobs, IOptions<DocumentOptions> options) : TaskActivity<ResizeImageInput, ImageVariant>
{
    private const int JpegQuality = 85;

    private const int WebPQuality = 80;

    public override async Task<ImageVariant> RunAsync(TaskActivityContext context, ResizeImageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var stream = await SeekableBlob.OpenAsync(blobs, input.Blob);
        using var encoded = Resize(stream, input.Kind, input.Width, options.Value.MaxImagePixels, out var width, out var height);
        var (extension, contentType) = input.Kind.FileFormat();
        var name = BlobNames.DocumentImageVariant(input.Run, input.Width, extension);
        await blobs.WriteAsync(name, encoded, contentType);
        return new ImageVariant(input.Width, width, height, name, encoded.Length);
    }

    /// <summary>The variant's size: <paramref name="requestedWidth"/> capped at the original's, the height in proportion (at least 1).</summary>
    public static (int Width, int Height) VariantSize(int originalWidth, int originalHeight, int requestedWidth)
    {
        var width = Math.Min(requestedWidth, originalWidth);
        var height = (int)Math.Max(1, Math.Round((double)originalHeight * width / originalWidth, MidpointRounding.AwayFromZero));
        return (width, height);
    }

    private static MemoryStream Resize(Stream source, DocumentKind kind, int requestedWidth, long maxPixels, out int width, out int height)
    {
        using var codec = ImageHeader.OpenCodec(source);
        ImageHeader.ThrowIfTooLarge(codec.Info.Width, codec.Info.Height, maxPixels);
        using var original = SKBitmap.Decode(codec)
            ?? throw new Core.Jobs.InvalidJobInputException("The image is damaged: its pixels cannot be decoded.");
        (width, height) = VariantSize(original.Width, original.Height, requestedWidth);
        using var resized = width == original.Width
            ? original.Copy()
            : original.Resize(new SKImageInfo(width, height, original.ColorType, original.AlphaType), new SKSamplingOptions(SKCubicResampler.Mitchell));
        if (resized is null)
        {
            throw new InvalidOperationException($"SkiaSharp could not resize the image to {width}x{height}.");
        }

        var output = new MemoryStream();
        var (format, quality) = kind switch
        {
            DocumentKind.Png => (SKEncodedImageFormat.Png, 100),
            DocumentKind.Jpeg => (SKEncodedImageFormat.Jpeg, JpegQuality),
            DocumentKind.Webp => (SKEncodedImageFormat.Webp, WebPQuality),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an image"),
        };
        using (var writer = new SKManagedWStream(output))
        {
            if (!resized.Encode(writer, format, quality))
            {
                throw new InvalidOperationException($"SkiaSharp could not encode the variant as {format}.");
            }
        }

        output.Position = 0;
        return output;
    }
}
