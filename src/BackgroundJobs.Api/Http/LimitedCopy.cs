using System.Buffers;

namespace BackgroundJobs.Api.Http;

/// <summary>Copies a stream up to a byte limit; the body of a request is never trusted to be as small as it says.</summary>
public static class LimitedCopy
{
    /// <summary>Returns false (and stops reading) as soon as the source holds more than <paramref name="maxBytes"/>.</summary>
    public static async Task<bool> CopyAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        // Rented: every request body passes through here, and a fresh 80 KB array each time was most
        // of what a job start allocated.
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return false;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
