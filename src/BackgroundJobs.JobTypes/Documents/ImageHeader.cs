using System.Globalization;
using BackgroundJobs.Core.Jobs;
using SkiaSharp;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>Reads an image's dimensions from its header, without decoding a pixel.</summary>
internal static class ImageHeader
{
    /// <summary>
    /// Throws <see cref="InvalidJobInputException"/> when no codec recognises the file, or when
    /// width × height exceeds <paramref name="maxPixels"/>: a small file can declare a huge image
    /// (a "decompression bomb"), so the limit is checked before anything is decoded.
    /// </summary>
    public static (int Width, int Height) ReadDimensions(Stream seekable, long maxPixels)
    {
        using var codec = OpenCodec(seekable);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        ThrowIfTooLarge(width, height, maxPixels);
        return (width, height);
    }

    /// <summary>Creates a codec over the stream (which reads only the header); the caller disposes both.</summary>
    public static SKCodec OpenCodec(Stream seekable)
    {
        // SKCodec.Create(Stream) would take the stream over; this wrapper leaves it to the caller.
        var codec = SKCodec.Create(new SKManagedStream(seekable, disposeManagedStream: false), out var result);
        return codec ?? throw new InvalidJobInputException($"The image is damaged and cannot be read ({result}).");
    }

    public static void ThrowIfTooLarge(int width, int height, long maxPixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new InvalidJobInputException("The image declares no pixels.");
        }

        if ((long)width * height > maxPixels)
        {
            throw new InvalidJobInputException(string.Create(
                CultureInfo.InvariantCulture,
                $"The image is {width}x{height} ({(long)width * height} pixels), over the limit of {maxPixels} pixels; it was refused before decoding."));
        }
    }
}
