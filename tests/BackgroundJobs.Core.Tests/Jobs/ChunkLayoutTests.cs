using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Tests.Jobs;

public class ChunkLayoutTests
{
    [Theory]
    [InlineData(1000, 16, 50, 8, 2)]
    [InlineData(200, 8, 20, 4, 2)]
    [InlineData(120, 4, 12, 2, 2)]
    [InlineData(3, 8, 1, 1, 8)]
    [InlineData(30, 1, 3, 1, 1)]
    [InlineData(100_000, 64, 50, 32, 2)]
    public void For_SplitsIntoAboutTenChunks_AtMost50Items_TwoOrMoreAtOnce(int items, int parallel, int perChunk, int parallelPerChunk, int inFlight)
    {
        Assert.Equal(new ChunkLayout(perChunk, parallelPerChunk, inFlight), ChunkLayout.For(items, parallel));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(13)]
    [InlineData(64)]
    public void For_NeverPutsMoreItemsInFlightThanTheJobAllows(int parallel)
    {
        foreach (var items in new[] { 1, 5, 19, 100, 999, 5000 })
        {
            var layout = ChunkLayout.For(items, parallel);

            Assert.InRange(layout.ParallelItemsPerChunk * layout.ChunksInFlight, 1, parallel);
        }
    }
}
