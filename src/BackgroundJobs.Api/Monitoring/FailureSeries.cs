namespace BackgroundJobs.Api.Monitoring;

/// <summary>
/// Failures over time for the dashboard's chart: how many jobs failed in each
/// <see cref="BucketMinutes"/>-minute bucket from <see cref="From"/> on, the last bucket holding
/// now. Buckets sit on whole quarter hours, so the bars stay put from one refresh to the next.
/// </summary>
/// <param name="From">The start of the first bucket.</param>
/// <param name="Counts">Failed jobs per bucket, oldest first, by the time each failed.</param>
public sealed record FailureSeries(DateTimeOffset From, int BucketMinutes, IReadOnlyList<int> Counts)
{
    public const int DefaultBucketMinutes = 15;

    /// <summary>Counts failures into buckets covering <paramref name="span"/> up to <paramref name="now"/>, without keeping the jobs.</summary>
    public sealed class Builder
    {
        private readonly int[] counts;
        private readonly TimeSpan bucket;

        public Builder(DateTimeOffset now, TimeSpan span, int bucketMinutes = DefaultBucketMinutes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(bucketMinutes, 1);
            bucket = TimeSpan.FromMinutes(bucketMinutes);
            var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % bucket.Ticks), TimeSpan.Zero) + bucket;
            counts = new int[Math.Max(1, (int)Math.Ceiling(span / bucket))];
            From = end - (bucket * counts.Length);
        }

        public DateTimeOffset From { get; }

        /// <summary>A job that failed at <paramref name="failedAt"/>; before the first bucket it is left out, past the last (another server's clock) it counts as now.</summary>
        public void Add(DateTimeOffset failedAt)
        {
            if (failedAt >= From)
            {
                counts[Math.Min(counts.Length - 1, (int)((failedAt - From) / bucket))]++;
            }
        }

        public FailureSeries Build() => new(From, (int)bucket.TotalMinutes, counts.ToArray());
    }
}
