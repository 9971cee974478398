using System.Diagnostics.Metrics;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Telemetry;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.Core.Tests.Telemetry;

/// <summary>
/// A job's ending is counted when its orchestrator reaches it live, and not again when a later
/// episode replays that code. The job type is this test's own orchestrator, so jobs that other
/// tests run at the same time do not show up in the measurements.
/// </summary>
public sealed class JobOrchestratorMetricsTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1");
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, double Value, string? Status)> measurements = [];
    private DateTime now = Start;

    public JobOrchestratorMetricsTests()
    {
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == JobTelemetry.SourceName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Capture(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Capture(instrument, value, tags));
        listener.Start();
    }

    public void Dispose() => listener.Dispose();

    [Fact]
    public async Task RunAsync_JobFailsLive_CountsOneFailure_AndHowLongItRan()
    {
        var job = new MeteredTestJobOrchestrator(() => now = Start.AddSeconds(42), fail: true);

        await Assert.ThrowsAsync<InvalidOperationException>(() => job.RunAsync(context.Object, new MeteredTestRequest()));

        Assert.Equal(
            [(JobMetrics.FailedName, 1.0, null), (JobMetrics.DurationName, 42.0, "failed")],
            measurements);
    }

    [Fact]
    public async Task RunAsync_JobCompletesLive_CountsOneCompletion()
    {
        var job = new MeteredTestJobOrchestrator(() => now = Start.AddSeconds(3), fail: false);

        await job.RunAsync(context.Object, new MeteredTestRequest());

        Assert.Equal(
            [(JobMetrics.CompletedName, 1.0, null), (JobMetrics.DurationName, 3.0, "completed")],
            measurements);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_EndingIsAReplay_CountsNothing(bool fail)
    {
        context.SetupGet(c => c.IsReplaying).Returns(true);
        var job = new MeteredTestJobOrchestrator(() => { }, fail);

        await Record.ExceptionAsync(() => job.RunAsync(context.Object, new MeteredTestRequest()));

        Assert.Empty(measurements);
    }

    private void Capture(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? type = null, status = null;
        foreach (var tag in tags)
        {
            type = tag.Key == JobTelemetry.JobTypeTag ? tag.Value as string : type;
            status = tag.Key == "job.status" ? tag.Value as string : status;
        }

        if (type == nameof(MeteredTestJobOrchestrator))
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, status));
            }
        }
    }

    /// <summary>A job that takes time (moves the clock) and then ends as told.</summary>
    private sealed class MeteredTestJobOrchestrator(Action run, bool fail) : JobOrchestrator<MeteredTestRequest, int>(JobEventChannels.WithoutBus)
    {
        protected override Task<int> RunJobAsync(TaskOrchestrationContext context, MeteredTestRequest input)
        {
            run();
            return fail ? throw new InvalidOperationException("The job failed.") : Task.FromResult(1);
        }
    }

    private sealed record MeteredTestRequest : IJobRequest
    {
        public JobCallback? Callback { get; init; }

        public string? NotifyEmail { get; init; }
    }
}
