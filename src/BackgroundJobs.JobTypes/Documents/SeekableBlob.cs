using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>Opens an input blob as a seekable stream without reading it into memory.</summary>
internal static class SeekableBlob
{
    private const int BufferSize = 81920;

    /// <summary>
    /// PdfPig jumps around a PDF (the cross-reference table is at the end, objects anywhere) and
    /// SkiaSharp's codecs rewind, so both need a seekable stream. The local store hands out a file
    /// stream, which is one; Azure's download stream is not, so it is copied to a temp file that is
    /// deleted on close, rather than into a byte array: an upload may be 100 MB, and several
    /// activities run at once.
    /// </summary>
    public static async Task<Stream> OpenAsync(IBlobStore blobs, string name, CancellationToken cancellationToken = default)
    {
        var source = await blobs.OpenReadAsync(name, cancellationToken)
            ?? throw new InvalidJobInputException($"The file '{name}' does not exist (any more).");
        if (source.CanSeek)
        {
            return source;
        }

        await using (source)
        {
            var temp = new FileStream(
                Path.Combine(Path.GetTempPath(), $"backgroundjobs-{Guid.NewGuid():N}.tmp"),
                FileMode.CreateNew,
                FileAccess.ReadWrite,
                FileShare.None,
                BufferSize,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            try
            {
                await source.CopyToAsync(temp, cancellationToken);
                temp.Position = 0;
                return temp;
            }
            catch
            {
                await temp.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The first bytes, for <see cref="DocumentSniffer"/>; the stream is left at the start.</summary>
    public static async Task<byte[]> ReadHeaderAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var header = new byte[DocumentSniffer.HeaderLength];
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        stream.Position = 0;
        return header[..read];
    }
}
