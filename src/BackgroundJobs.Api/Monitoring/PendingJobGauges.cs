using System.Diagnostics.Metrics;
using BackgroundJobs.Core.Telemetry;

namespace BackgroundJobs.Api.Monitoring;

/// <summary>
/// The queue gauges, read when the metrics are collected. Infra's alert on a job waiting too long
/// reads <see cref="OldestPendingAgeName"/> by name. One meter per host (from
/// <see cref="IMeterFactory"/>), since each host has its own engine to ask.
/// </summary>
public sealed class PendingJobGauges : IDisposable
{
    public const string QueueDepthName = "jobs.queue_depth";
    public const string OldestPendingAgeName = "jobs.oldest_pending_age_seconds";

    // A collection must not hang on a slow store; a missed reading is better than a stuck exporter.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly Meter meter;
    private readonly IPendingJobs pending;

    public PendingJobGauges(IMeterFactory meters, IPendingJobs pending)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.pending = pending;
        meter = meters.Create(JobTelemetry.SourceName);
        meter.CreateObservableGauge(QueueDepthName, () => Read(s => s.Count), "{job}", "Jobs scheduled and not yet started.");
        meter.CreateObservableGauge(OldestPendingAgeName, () => Read(s => s.OldestAge.TotalSeconds), "s", "How long the oldest job not yet started has waited; 0 when none.");
    }

    public void Dispose() => meter.Dispose();

    // Gauge callbacks are synchronous; the collector runs them on its own thread, and the snapshot is
    // cached, so waiting here is one listing every few seconds at most.
    private IEnumerable<Measurement<T>> Read<T>(Func<PendingJobsSnapshot, T> value)
        where T : struct
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        PendingJobsSnapshot? snapshot;
        try
        {
            snapshot = pending.GetAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return [];
        }

        return snapshot is null ? [] : [new Measurement<T>(value(snapshot))];
    }
}
