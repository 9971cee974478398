using BackgroundJobs.Api.Schedules;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Schedules;

/// <summary>
/// The recurring CRM sync on Functions: the timer fires on <c>Crm:Schedule:Cron</c> (the Functions
/// host already runs a timer on one instance at a time) and the shared scheduler starts the sync or
/// skips it while the last run is still going. The occurrence is the firing time to the second,
/// which names the run's job.
/// </summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class RunCrmSyncSchedule(CrmSyncScheduler scheduler, TimeProvider time)
{
    [Function(nameof(RunCrmSyncSchedule))]
    public async Task RunAsync(
        [TimerTrigger("%Crm:Schedule:Cron%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(timer);
        var now = time.GetUtcNow();
        var occurrence = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        await scheduler.RunAsync(client, occurrence, context.CancellationToken);
    }
}
