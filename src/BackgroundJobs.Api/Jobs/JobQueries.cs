using System.Text.Json;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.ResultFiles;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary><c>GET /api/jobs/{id}</c>: the job as a client sees it, read from the engine's instance state.</summary>
public static class JobQueries
{
    public static async Task<IResult> GetJobAsync(DurableTaskClient client, ManagementLinkFactory links, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(links);
        var view = await FindAsync(client, links, id, cancellationToken);
        return view is null ? Problems.NotFound($"There is no job '{id}'.") : Results.Ok(view);
    }

    /// <summary>The same, with the result files linked for download (<see cref="JobResultLinks"/>).</summary>
    public static async Task<IResult> GetJobAsync(DurableTaskClient client, ManagementLinkFactory links, JobResultLinks results, HttpRequest request, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        var view = await FindAsync(client, links, id, cancellationToken);
        return view is null
            ? Problems.NotFound($"There is no job '{id}'.")
            : Results.Ok(view with { Files = results.For(request, view.Id, view.Result) });
    }

    public static async Task<JobView?> FindAsync(DurableTaskClient client, ManagementLinkFactory links, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        var instance = await FindInstanceAsync(client, id, cancellationToken);
        return instance is null ? null : ToView(instance, links(id).StatusQueryGetUri);
    }

    /// <summary>The engine's instance with its input and output, or null for an id no job can have.</summary>
    public static async Task<OrchestrationMetadata?> FindInstanceAsync(DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return string.IsNullOrEmpty(id) || id.Length > 100
            ? null
            : await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
    }

    /// <summary>Null for instances that are not jobs (a bulk e-mail's chunk sub-orchestrations).</summary>
    public static JobView? ToView(OrchestrationMetadata instance, string statusQueryGetUri)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var type = JobTypes.FromOrchestrator(instance.Name);
        if (type is null)
        {
            return null;
        }

        var status = instance.RuntimeStatus.ToJobStatus();
        var error = instance.FailureDetails is { } failure
            ? new JobError(failure.ErrorType, failure.ErrorMessage)
            : status == JobStatus.Canceled ? new JobError("Canceled", instance.SerializedOutput ?? "The job was canceled.") : null;

        return new JobView(
            instance.InstanceId,
            type,
            status,
            instance.CreatedAt,
            instance.LastUpdatedAt,
            ParseOrNull<JobProgress>(instance.SerializedCustomStatus),
            // A listing fetches no outputs; default(JsonElement) would then be written as a broken value.
            status == JobStatus.Completed && !string.IsNullOrEmpty(instance.SerializedOutput) ? ParseOrNull<JsonElement>(instance.SerializedOutput) : null,
            error,
            statusQueryGetUri);
    }

    private static T? ParseOrNull<T>(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, JobJson.Options);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
