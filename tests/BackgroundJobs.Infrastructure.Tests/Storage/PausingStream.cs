namespace BackgroundJobs.Infrastructure.Tests.Storage;

/// <summary>
/// A read-only, non-seekable stream of the given bytes that stops after <c>pauseAfter</c> bytes
/// until <see cref="Resume"/> (or <see cref="Fail"/>), so a test can look at a store mid-write.
/// </summary>
internal sealed class PausingStream(byte[] data, int pauseAfter) : Stream
{
    private readonly TaskCompletionSource paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int position;

    public Task Paused => paused.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void Resume() => gate.TrySetResult();

    public void Fail() => gate.TrySetException(new IOException("The source failed half-way."));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position >= pauseAfter)
        {
            paused.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
        }

        var limit = position < pauseAfter ? Math.Min(pauseAfter, data.Length) : data.Length;
        var count = Math.Min(buffer.Length, limit - position);
        data.AsMemory(position, count).CopyTo(buffer);
        position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
