using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Reads a job for a client that polls it (<c>GET /api/jobs/{id}</c>, the event stream): its status
/// and progress without its input and output, which are read once, when the job has ended and they
/// are shown (the result, the failure, the input of a failed job). A request's input can be large,
/// and on Azure Storage a large input is a blob read on every status read that fetches it.
/// </summary>
/// <param name="progressOnlyInQueries">
/// True on Azure Functions: the Durable extension answers a single-instance read without inputs and
/// outputs with no custom status (our progress) either, while its instance query keeps the custom
/// status (and the output) and leaves out only the input. There the status is read with a query for
/// the job's id as prefix, one row: Azure Storage returns rows in id order, so the job's own comes
/// before its <c>{id}:...</c> sub-instances. The server's engine keeps the custom status in a read
/// without inputs, and its in-memory store would scan every instance for a query, so it reads the instance.
/// </param>
public sealed class JobStatusReader(bool progressOnlyInQueries = false)
{
    /// <summary>The instance's status and progress, without input (and output where the engine can leave it out); null when there is none.</summary>
    public async Task<OrchestrationMetadata?> ReadStatusAsync(DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!progressOnlyInQueries)
        {
            return await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken);
        }

        var query = new OrchestrationQuery { InstanceIdPrefix = id, PageSize = 1, FetchInputsAndOutputs = false };
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
        {
            // A table query may answer an empty page with a continuation token; the next one goes on.
            if (page.Values.Count == 0)
            {
                continue;
            }

            var first = page.Values[0];
            return first.InstanceId == id
                ? first
                // Not in id order after all (another backend): the instance read is always right, if dearer.
                : await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        }

        return null;
    }

    /// <summary>The job as a client is shown it: status and progress, and once it has ended its input and output too.</summary>
    public async Task<OrchestrationMetadata?> ReadAsync(DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        var status = await ReadStatusAsync(client, id, cancellationToken);
        return status is { IsCompleted: true }
            ? await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken)
            : status;
    }
}
