using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.Samples.WordCount;

/// <summary>
/// Splits the file into chunks of whole lines by one pass over its bytes. A chunk ends after a line
/// break, so no word is cut in two, and the byte offsets let each chunk read only its own part.
/// </summary>
public sealed class PlanWordCountActivity(IBlobStore blobs) : TaskActivity<PlanWordCountInput, TextChunk[]>
{
    public override async Task<TextChunk[]> RunAsync(TaskActivityContext context, PlanWordCountInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var stream = await blobs.OpenReadAsync(input.Blob)
            ?? throw new InvalidOperationException($"The upload '{input.Blob}' is gone; upload the text again and start a new job.");

        var chunks = new List<TextChunk>();
        var buffer = new byte[64 * 1024];
        long position = 0, chunkStart = 0;
        var linesInChunk = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n' && ++linesInChunk == input.LinesPerChunk)
                {
                    var end = position + i + 1;
                    chunks.Add(new TextChunk(chunkStart, end - chunkStart));
                    chunkStart = end;
                    linesInChunk = 0;
                }
            }

            position += read;
        }

        if (position > chunkStart)
        {
            chunks.Add(new TextChunk(chunkStart, position - chunkStart));
        }

        return [.. chunks];
    }
}
