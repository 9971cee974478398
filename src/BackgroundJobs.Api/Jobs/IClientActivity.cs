using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>An activity that reads the engine through its client; write one as a <see cref="ClientActivity{TInput, TOutput}"/>.</summary>
public interface IClientActivity
{
    /// <summary>What an orchestrator names in <see cref="ClientActivityCall"/>.</summary>
    string Name { get; }

    Task<object?> InvokeAsync(DurableTaskClient client, JsonElement input, CancellationToken cancellationToken);
}
