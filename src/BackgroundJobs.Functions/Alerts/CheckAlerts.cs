using BackgroundJobs.Api.Alerts;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Alerts;

/// <summary>Every minute: too many failed jobs, or a job pending too long, alerts the operators (once per window).</summary>
public sealed class CheckAlerts(AlertCheck check)
{
    [Function(nameof(CheckAlerts))]
    public async Task RunAsync(
        [TimerTrigger("0 */1 * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await check.RunAsync(client, context.CancellationToken);
    }
}
