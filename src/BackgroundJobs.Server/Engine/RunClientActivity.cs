using BackgroundJobs.Api.Jobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Engine;

/// <summary>The server's <see cref="ClientActivityCall.TaskName"/>: runs the client activity a call names with this server's client.</summary>
public sealed class RunClientActivity(ClientActivities activities, DurableTaskClient client) : TaskActivity<ClientActivityCall, object?>
{
    public override Task<object?> RunAsync(TaskActivityContext context, ClientActivityCall input) => activities.RunAsync(client, input);
}
