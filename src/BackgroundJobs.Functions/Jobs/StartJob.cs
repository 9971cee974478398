using BackgroundJobs.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Jobs;

/// <summary>
/// <c>POST /api/jobs/{type}</c>, the one start trigger for every registered job type: the type's
/// start handler validates, starts and answers 202; an unknown type is a 404 naming the known ones.
/// </summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class StartJob(JobTypeEndpoints endpoints)
{
    /// <summary>
    /// Any segment but <c>retry</c> (the regex constraint ignores case, as route literals do). The Functions host does not prefer the literal
    /// <c>jobs/retry</c> (<see cref="RetryFailedJobs"/>) over a parameter as ASP.NET Core does: it tries
    /// routes in the order of the functions' names (azure-functions-host issue 9876), so without this
    /// constraint <c>POST jobs/retry</c> could start a job type called "retry".
    /// </summary>
    public const string Route = "jobs/{type:regex(^(?!retry$).+$)}";

    [Function(nameof(StartJob))]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route)] HttpRequest request,
        string type,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var links = await DurableManagementLinks.ForInvocationAsync(client, context);
        return await endpoints.StartAsync(type, request, client, links, context.CancellationToken);
    }
}
