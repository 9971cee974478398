using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Monitoring;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Monitoring;

/// <summary>
/// <c>GET /api/monitor</c>: queue depth, jobs by status and type, failures in the last hour, the
/// oldest pending job's age, throughput and failures per quarter hour. Bounded work: the counts stream over the jobs created in
/// the last <see cref="Window"/> (one paged, time-filtered query without inputs), the oldest pending
/// job comes from a query for pending instances only; nothing is kept but counters.
/// </summary>
public sealed class MonitorEndpoint(IQueueDepthReader queueDepth, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);
    public const int ThroughputMinutes = 5;

    public async Task<IResult> GetAsync(DurableTaskClient client, CancellationToken cancellationToken = default) =>
        Results.Ok(await SnapshotAsync(client, cancellationToken));

    public async Task<MonitorSnapshot> SnapshotAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = time.GetUtcNow();
        var windowFrom = now - Window;
        var byStatus = Enum.GetNames<JobStatus>().ToDictionary(n => n.ToLowerInvariant(), _ => 0, StringComparer.Ordinal);
        var byType = JobTypeRegistry.Names.ToDictionary(t => t, _ => 0, StringComparer.Ordinal);
        var failuresLastHour = 0;
        var completedRecently = 0;
        var failures = new FailureSeries.Builder(now, Window);
        var recent = new OrchestrationQuery { CreatedFrom = windowFrom, FetchInputsAndOutputs = false };
        await foreach (var instance in client.GetAllInstancesAsync(recent).WithCancellation(cancellationToken))
        {
            if (JobTypeRegistry.TypeNameOf(instance.Name) is not { } type)
            {
                continue;
            }

            var status = instance.ToJobStatus(); // scheduled (delayed) jobs apart from running ones
            byStatus[status.ToString().ToLowerInvariant()]++;
            byType[type]++;
            failuresLastHour += status == JobStatus.Failed && instance.LastUpdatedAt >= now.AddHours(-1) ? 1 : 0;
            if (status == JobStatus.Failed)
            {
                failures.Add(instance.LastUpdatedAt);
            }

            completedRecently += status == JobStatus.Completed && instance.LastUpdatedAt >= now.AddMinutes(-ThroughputMinutes) ? 1 : 0;
        }

        var pending = await PendingJobs.ReadAsync(client, now, cancellationToken);

        return new MonitorSnapshot(
            now,
            windowFrom,
            await queueDepth.ReadAsync(cancellationToken),
            byStatus,
            byType,
            failuresLastHour,
            pending.Count > 0 ? pending.OldestAge.TotalSeconds : null,
            (double)completedRecently / ThroughputMinutes,
            ThroughputMinutes,
            failures.Build());
    }
}
