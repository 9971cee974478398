using System.Text.Json;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.Api.Jobs;

/// <summary>The input of the task that runs a <see cref="ClientActivity{TInput, TOutput}"/>: which one, and its input.</summary>
public sealed record ClientActivityCall(string Activity, JsonElement Input)
{
    /// <summary>The one task each host provides for every client activity.</summary>
    public const string TaskName = "RunClientActivity";

    /// <summary>Calls the client activity named <paramref name="activity"/> (its class name) from an orchestrator.</summary>
    public static Task<TOutput> CallAsync<TOutput>(TaskOrchestrationContext context, string activity, object input, TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<TOutput>(TaskName, new ClientActivityCall(activity, JsonSerializer.SerializeToElement(input, JobJson.Options)), options);
    }
}
