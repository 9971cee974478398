using BackgroundJobs.JobTypes.BulkEmail;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

public class ChunkLayoutTests
{
    [Theory]
    [InlineData(1000, 16, 50, 8, 2)]
    [InlineData(200, 8, 20, 4, 2)]
    [InlineData(120, 4, 12, 2, 2)]
    [InlineData(3, 8, 1, 1, 8)]
    [InlineData(30, 1, 3, 1, 1)]
    [InlineData(100_000, 64, 50, 32, 2)]
    public void For_SplitsIntoAboutTenChunks_AtMost50Batches_TwoOrMoreAtOnce(int batches, int parallel, int perChunk, int parallelPerChunk, int inFlight)
    {
        Assert.Equal(new ChunkLayout(perChunk, parallelPerChunk, inFlight), ChunkLayout.For(batches, parallel));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(13)]
    [InlineData(64)]
    public void For_NeverPutsMoreBatchesInFlightThanTheJobAllows(int parallel)
    {
        foreach (var batches in new[] { 1, 5, 19, 100, 999, 5000 })
        {
            var layout = ChunkLayout.For(batches, parallel);

            Assert.InRange(layout.ParallelBatchesPerChunk * layout.ChunksInFlight, 1, parallel);
        }
    }
}
