using BackgroundJobs.Api.Schedules;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BackgroundJobs.Functions.Schedules;

/// <summary><c>GET /api/schedules</c>: each schedule's last occurrence, whether it started, skipped or refused a run.</summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class ListSchedules(CrmSyncScheduler scheduler)
{
    [Function(nameof(ListSchedules))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "schedules")] HttpRequest request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Results.Ok(await scheduler.ListAsync(context.CancellationToken));
    }
}
