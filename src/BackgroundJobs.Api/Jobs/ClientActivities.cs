using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>The client activities the host's job types registered, by name: what the host's <see cref="ClientActivityCall.TaskName"/> task runs.</summary>
public sealed class ClientActivities(IEnumerable<IClientActivity> activities)
{
    private readonly Dictionary<string, IClientActivity> byName = activities.DistinctBy(a => a.Name).ToDictionary(a => a.Name, StringComparer.Ordinal);

    public Task<object?> RunAsync(DurableTaskClient client, ClientActivityCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return byName.TryGetValue(call.Activity, out var activity)
            ? activity.InvokeAsync(client, call.Input, cancellationToken)
            : throw new InvalidOperationException($"No client activity '{call.Activity}' is registered on this host.");
    }
}
