using System.Text.Json;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// An activity that reads the engine through its client (a job-history report lists the jobs). Durable
/// Functions hands its client only to functions, never to a class activity, so such activities do not
/// run as tasks of their own: each host has one task, <see cref="ClientActivityCall.TaskName"/>, that
/// gets its client (the server from its services, Functions from a durable client binding) and runs the
/// activity the call names. A type registers its own as an <see cref="IClientActivity"/> service and
/// calls it with <see cref="ClientActivityCall.CallAsync{TOutput}"/>.
/// </summary>
public abstract class ClientActivity<TInput, TOutput> : IClientActivity
{
    public string Name => GetType().Name;

    public async Task<object?> InvokeAsync(DurableTaskClient client, JsonElement input, CancellationToken cancellationToken) =>
        await RunAsync(client, input.Deserialize<TInput>(JobJson.Options)!, cancellationToken);

    protected abstract Task<TOutput> RunAsync(DurableTaskClient client, TInput input, CancellationToken cancellationToken);
}
