using BackgroundJobs.Api.Monitoring;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Monitoring;

/// <summary><c>GET /api/monitor</c>: queue depth of the task hub, job counts, failures, oldest pending age, throughput.</summary>
public sealed class GetMonitor(MonitorEndpoint endpoint)
{
    [Function(nameof(GetMonitor))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "monitor")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return endpoint.GetAsync(client, context.CancellationToken);
    }
}
