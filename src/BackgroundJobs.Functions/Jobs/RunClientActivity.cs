using BackgroundJobs.Api.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Functions.Jobs;

/// <summary>
/// The Functions host's <see cref="ClientActivityCall.TaskName"/>: an activity function, because Durable
/// Functions hands its client only to functions (no service registration gives one to a class
/// activity). It runs the client activity a call names, as the server's class activity does.
/// </summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class RunClientActivity(ClientActivities activities)
{
    [Function(ClientActivityCall.TaskName)]
    public Task<object?> RunAsync(
        [ActivityTrigger] ClientActivityCall call,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return activities.RunAsync(client, call, context.CancellationToken);
    }
}
