using BackgroundJobs.Api.Monitoring;

namespace BackgroundJobs.Server.Tests.Dashboard;

/// <summary>The failures-over-time series of <c>GET /api/monitor</c>, which the dashboard's chart draws.</summary>
public sealed class FailureSeriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 7, 30, TimeSpan.Zero);

    [Fact]
    public void Builder_QuarterHoursOfADay_EndWithTheBucketHoldingNow_OnWholeQuarterHours()
    {
        var series = new FailureSeries.Builder(Now, TimeSpan.FromHours(24)).Build();

        Assert.Equal(96, series.Counts.Count);
        Assert.Equal(15, series.BucketMinutes);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 15, 0, TimeSpan.Zero), series.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 10, 15, 0, TimeSpan.Zero), series.From.AddMinutes(15 * 96));
    }

    [Fact]
    public void Builder_CountsEachFailureInItsBucket_LeavesOutOlderOnes_AndPutsAClockAheadInTheLast()
    {
        var builder = new FailureSeries.Builder(Now, TimeSpan.FromHours(24));

        builder.Add(Now);
        builder.Add(Now.AddMinutes(-7)); // 10:00:30, the same quarter hour
        builder.Add(Now.AddMinutes(-8)); // 09:59:30, the one before
        builder.Add(Now.AddMinutes(3)); // another server's clock, ahead
        builder.Add(builder.From); // the first instant of the first bucket
        builder.Add(builder.From.AddTicks(-1)); // before the series
        var counts = builder.Build().Counts;

        Assert.Equal(3, counts[^1]);
        Assert.Equal(1, counts[^2]);
        Assert.Equal(1, counts[0]);
        Assert.Equal(5, counts.Sum());
    }

    [Fact]
    public async Task Monitor_AfterFailedJobs_ChartsThemInTheCurrentQuarterHour()
    {
        await using var server = await ServerHost.StartAsync();
        var failed = await Jobs.OperatedJobs.StartFailingAsync(server, 2);
        var completed = await Jobs.OperatedJobs.StartCompletingAsync(server);
        await Jobs.OperatedJobs.WaitForEndAsync(server, [.. failed, completed]);

        var series = (await Jobs.OperatedJobs.GetAsync(server, "/api/monitor")).GetProperty("failuresOverTime");

        var counts = series.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToList();
        Assert.Equal(96, counts.Count);
        Assert.Equal(15, series.GetProperty("bucketMinutes").GetInt32());
        Assert.Equal(2, counts.Sum());

        // Both failed moments ago: the last bucket, or the one before it when a quarter hour just turned.
        Assert.Equal(2, counts[^1] + counts[^2]);
        Assert.True(series.GetProperty("from").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddHours(-23.75));
    }
}
