using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.TestHelpers.Fakes;

/// <summary>Hands out forward-only streams, as Azure's download stream is, over another store.</summary>
public sealed class NonSeekableBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
{
    public int Opened;

    public override async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var stream = await Inner.OpenReadAsync(name, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        Interlocked.Increment(ref Opened);
        return new ForwardOnlyStream(stream);
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
