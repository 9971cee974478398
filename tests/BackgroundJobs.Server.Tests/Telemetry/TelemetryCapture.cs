using System.Collections.ObjectModel;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BackgroundJobs.Server.Tests.Telemetry;

/// <summary>
/// The server's own telemetry pipeline with in-memory exporters added: spans as they end, metrics
/// when <see cref="CollectMetrics"/> flushes them.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly LockedList<Activity> spans = new();
    private readonly List<MetricSnapshot> metrics = [];
    private IServiceProvider? services;

    public IReadOnlyList<Activity> Spans => spans.Snapshot();

    /// <summary>Pass to <see cref="ServerHost.StartAsync"/>.</summary>
    public void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(spans))
            .WithMetrics(meters => meters.AddInMemoryExporter(metrics));
    }

    public void Attach(ServerHost server) => services = server.Services;

    /// <summary>Exports the metrics now and answers the points of one instrument (cumulative since the server started).</summary>
    public IReadOnlyList<MetricPoint> CollectMetrics(string name)
    {
        var provider = services?.GetRequiredService<MeterProvider>() ?? throw new InvalidOperationException("Attach the server first.");
        lock (metrics)
        {
            metrics.Clear();
        }

        provider.ForceFlush();
        lock (metrics)
        {
            return [.. metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints)];
        }
    }
}

/// <summary>Spans end on engine threads while the test reads them; the exporter wants an <see cref="ICollection{T}"/>.</summary>
internal sealed class LockedList<T> : Collection<T>
{
    private readonly Lock gate = new();

    public IReadOnlyList<T> Snapshot()
    {
        lock (gate)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, T item)
    {
        lock (gate)
        {
            base.InsertItem(index, item);
        }
    }
}
