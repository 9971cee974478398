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
        return ResultNames.IsValidJobId(id)
            ? await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken)
            : null;
    }

    /// <summary>
    /// The instance of the job with this id, or null when there is none: an id no job can have (ids
    /// become blob names, so only letters, digits, '-' and '_'), no instance, or an instance that is
    /// not a job (a chunk, a notification). Every operation on one job starts here.
    /// </summary>
    public static async Task<OrchestrationMetadata?> FindJobAsync(DurableTaskClient client, string? id, bool getInputsAndOutputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!ResultNames.IsValidJobId(id))
        {
            return null;
        }

        var instance = await client.GetInstanceAsync(id!, getInputsAndOutputs, cancellationToken);
        return instance is not null && JobTypeRegistry.TypeNameOf(instance.Name) is not null ? instance : null;
    }

    /// <summary>Null for instances that are not jobs (a bulk e-mail's chunk sub-orchestrations).</summary>
    public static JobView? ToView(OrchestrationMetadata instance, string statusQueryGetUri)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var type = JobTypeRegistry.TypeNameOf(instance.Name);
        if (type is null)
        {
            return null;
        }

        var status = instance.ToJobStatus();

        // The root error, not the engine's wrapper (TaskFailedException: Task 'X' (#0) failed ...):
        // what went wrong is the headline; where it went wrong is failure.task.
        var failure = InstanceFailure.Read(instance) is { } details ? JobFailure.From(details) : null;
        var error = failure?.ToError()
            ?? (status == JobStatus.Canceled ? new JobError("Canceled", InstanceFailure.TerminateReason(instance) ?? "The job was canceled.") : null);

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
            statusQueryGetUri)
        {
            RunAt = JobStatusMapping.ScheduledRunAt(instance),
            Failure = failure,
        };
    }

    /// <summary>Stored JSON (output, custom status) in our shape, or default when it is absent or not that shape.</summary>
    public static T? ParseOrNull<T>(string? json)
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
