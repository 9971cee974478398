using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Purges completed jobs created more than <see cref="JobRetentionOptions.RetentionDays"/> before
/// <c>now</c>. Failed and canceled jobs stay until an operator purges them. One run purges at most
/// <see cref="MaxPerRun"/> jobs, so a timer run stays short; the next run takes the rest.
/// </summary>
public sealed class JobRetention(JobPurger purger, IOptions<JobRetentionOptions> options)
{
    public const int MaxPerRun = 1000;

    private static readonly OrchestrationRuntimeStatus[] Expiring = [OrchestrationRuntimeStatus.Completed];

    /// <returns>How many jobs were purged.</returns>
    public async Task<int> PurgeExpiredAsync(DurableTaskClient client, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var filter = new JobFilter(Core.Jobs.JobStatus.Completed, null, null, now.AddDays(-options.Value.RetentionDays));

        // The ids are gathered first: purging while paging would move the engine's continuation under it.
        var expired = new List<string>();
        var query = new OrchestrationQuery { CreatedTo = filter.CreatedTo, Statuses = Expiring, FetchInputsAndOutputs = false };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (filter.Matches(instance))
            {
                expired.Add(instance.InstanceId);
                if (expired.Count >= MaxPerRun)
                {
                    break;
                }
            }
        }

        var purged = 0;
        foreach (var id in expired)
        {
            purged += await purger.PurgeAsync(client, id, cancellationToken) == PurgeOutcome.Purged ? 1 : 0;
        }

        return purged;
    }
}
