using BackgroundJobs.Api.Schedules;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Schedules;

/// <summary>
/// <c>/api/schedules</c> on Functions (the same handlers as the server's), and the one-minute timer
/// that starts what is due. The timer may fire on several instances: each occurrence is claimed
/// once and names its job, so one job starts per occurrence.
/// </summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class ScheduleFunctions(ScheduleEndpoints schedules, ScheduleRunner runner, TimeProvider time)
{
    [Function("ListSchedules")]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "schedules")] HttpRequest request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return schedules.ListAsync(context.CancellationToken);
    }

    [Function("GetSchedule")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "schedules/{name}")] HttpRequest request,
        string name,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return schedules.GetAsync(name, request.HttpContext.Response, context.CancellationToken);
    }

    [Function("PutSchedule")]
    public Task<IResult> PutAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "schedules/{name}")] HttpRequest request,
        string name,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return schedules.PutAsync(name, request, client, context.CancellationToken);
    }

    [Function("DeleteSchedule")]
    public Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "schedules/{name}")] HttpRequest request,
        string name,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return schedules.DeleteAsync(name, context.CancellationToken);
    }

    [Function("PauseSchedule")]
    public Task<IResult> PauseAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "schedules/{name}/pause")] HttpRequest request,
        string name,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return schedules.PauseAsync(name, request, context.CancellationToken);
    }

    [Function("ResumeSchedule")]
    public Task<IResult> ResumeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "schedules/{name}/resume")] HttpRequest request,
        string name,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return schedules.ResumeAsync(name, request, context.CancellationToken);
    }

    [Function("TriggerSchedule")]
    public Task<IResult> TriggerAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "schedules/{name}/trigger")] HttpRequest request,
        string name,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return schedules.TriggerAsync(name, client, context.CancellationToken);
    }

    /// <summary>On by default, each minute at second 0; nothing to set to deploy.</summary>
    [Function("RunDueSchedules")]
    public Task RunDueAsync(
        [TimerTrigger("0 */1 * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return runner.RunDueAsync(client, time.GetUtcNow(), context.CancellationToken);
    }
}
