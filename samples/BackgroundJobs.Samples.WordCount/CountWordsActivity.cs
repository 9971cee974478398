using System.Text;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.Samples.WordCount;

/// <summary>
/// Counts the lines and words of one chunk. A word is a run of characters between white space.
/// Text that is not UTF-8 fails the job: that is the file's fault, and no retry can cure it (a
/// storage error, which another attempt may cure, is retried by the orchestrator's retry options).
/// </summary>
public sealed class CountWordsActivity(IBlobStore blobs) : TaskActivity<CountWordsInput, ChunkCount>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override async Task<ChunkCount> RunAsync(TaskActivityContext context, CountWordsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var stream = await blobs.OpenReadFromAsync(input.Blob, input.Chunk.Offset)
            ?? throw new InvalidOperationException($"The upload '{input.Blob}' is gone; upload the text again and start a new job.");
        var bytes = new byte[input.Chunk.Length];
        await stream.ReadExactlyAsync(bytes);

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new InvalidDataException($"The text is not UTF-8 (in bytes {input.Chunk.Offset}-{input.Chunk.Offset + input.Chunk.Length - 1}).", exception);
        }

        return Count(text);
    }

    /// <summary>Lines end with a line break, or with the text when its last line has none.</summary>
    public static ChunkCount Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long lines = 0, words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines++;
            }

            var white = char.IsWhiteSpace(c);
            words += !white && !inWord ? 1 : 0;
            inWord = !white;
        }

        lines += text.Length > 0 && text[^1] != '\n' ? 1 : 0;
        return new ChunkCount(lines, words);
    }
}
