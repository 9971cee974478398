using System.Text;

namespace BackgroundJobs.Core.Storage;

/// <summary>
/// Reads a stream line by line while counting the bytes consumed, so a segment can end at an exact
/// byte offset that the next generation starts from. A line longer than <paramref name="maxLineBytes"/>
/// is skipped without being buffered and reported as too long. Job types that read a file a line at a
/// time (CRM sync, inference) share it.
/// </summary>
public sealed class LineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] buffer = new byte[maxLineBytes * 2];
    private int start;
    private int end;
    private bool endOfStream;

    /// <summary>Bytes consumed from where the stream was opened, up to and including the last line's break.</summary>
    public long Position { get; private set; }

    /// <summary>The next line without its line break, <c>TooLong</c> for an oversized one, or null at the end.</summary>
    public async ValueTask<(string? Text, bool TooLong)?> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                var tooLong = newline - start > maxLineBytes;
                var text = tooLong ? null : Decode(start, newline - start);
                Position += newline - start + 1;
                start = newline + 1;
                return (text, tooLong);
            }

            if (end - start > maxLineBytes)
            {
                await SkipRestOfLineAsync(cancellationToken);
                return (null, true);
            }

            if (endOfStream)
            {
                if (start == end)
                {
                    return null;
                }

                var last = Decode(start, end - start);
                Position += end - start;
                start = end;
                return (last, false);
            }

            await FillAsync(cancellationToken);
        }
    }

    private async ValueTask SkipRestOfLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                Position += newline - start + 1;
                start = newline + 1;
                return;
            }

            Position += end - start;
            start = end = 0;
            if (endOfStream)
            {
                return;
            }

            await FillAsync(cancellationToken);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
        end += read;
        endOfStream = read == 0;
    }

    private string Decode(int offset, int count)
    {
        if (count > 0 && buffer[offset + count - 1] == (byte)'\r')
        {
            count--;
        }

        var text = Encoding.UTF8.GetString(buffer, offset, count);
        return Position == 0 && text.StartsWith('\uFEFF') ? text[1..] : text;
    }
}
