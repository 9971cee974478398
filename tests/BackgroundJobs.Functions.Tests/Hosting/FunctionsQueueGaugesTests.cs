using BackgroundJobs.Api.Monitoring;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.Functions.Monitoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace BackgroundJobs.Functions.Tests.Hosting;

/// <summary>
/// The queue-depth and oldest-pending-age gauges on the Functions host, whose Durable client only
/// functions receive: the RecordPendingJobs timer counts, and the host's gauges report its reading.
/// </summary>
public sealed class FunctionsQueueGaugesTests
{
    [Fact]
    public async Task Gauges_AfterTheTimerCounted_ReportItsReading()
    {
        var metrics = new List<Metric>();
        using var host = FunctionsTestHost.Build(FunctionsTestHost.DefaultSettings(), services => services.AddOpenTelemetry()
            .WithMetrics(m => m.AddInMemoryExporter(metrics)));
        var meters = host.Services.GetRequiredService<MeterProvider>();
        var createdAt = DateTimeOffset.UtcNow.AddSeconds(-40);
        var client = ClientWithPending(
            new OrchestrationMetadata(nameof(BulkEmailOrchestrator), "job-a") { CreatedAt = createdAt, RuntimeStatus = OrchestrationRuntimeStatus.Pending },
            new OrchestrationMetadata(nameof(BulkEmailOrchestrator), "job-b") { CreatedAt = createdAt.AddSeconds(30), RuntimeStatus = OrchestrationRuntimeStatus.Pending });

        await new RecordPendingJobs(host.Services.GetRequiredService<LatestPendingJobs>(), TimeProvider.System)
            .RunAsync(new TimerInfo(), client, new Mock<FunctionContext>().Object);
        meters.ForceFlush();

        Assert.Equal(2, LastLong(metrics, PendingJobGauges.QueueDepthName));
        Assert.InRange(LastDouble(metrics, PendingJobGauges.OldestPendingAgeName), 39.0, 120.0);
    }

    [Fact]
    public void Gauges_BeforeAnyCount_ReportNothing_RatherThanAZero()
    {
        var metrics = new List<Metric>();
        using var host = FunctionsTestHost.Build(FunctionsTestHost.DefaultSettings(), services => services.AddOpenTelemetry()
            .WithMetrics(m => m.AddInMemoryExporter(metrics)));

        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Assert.DoesNotContain(metrics, m => m.Name == PendingJobGauges.QueueDepthName && Points(m).Count > 0);
    }

    private static DurableTaskClient ClientWithPending(params OrchestrationMetadata[] pending)
    {
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pageable.Create((string? _, int? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>(pending, null))));
        return client.Object;
    }

    private static List<MetricPoint> Points(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static long LastLong(List<Metric> metrics, string name) => Points(metrics.Last(m => m.Name == name)).Single().GetGaugeLastValueLong();

    private static double LastDouble(List<Metric> metrics, string name) => Points(metrics.Last(m => m.Name == name)).Single().GetGaugeLastValueDouble();
}
