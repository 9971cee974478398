namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// Bounded fan-out in an orchestrator: waits for the next of the running tasks to finish and takes
/// it out of the list. Which one finishes first depends on timing, but a replay sees the same
/// completion order, so it is deterministic as long as what is scheduled next depends only on how
/// many are still running.
/// </summary>
public static class InFlight
{
    public static async Task<T> TakeNextAsync<T>(List<Task<T>> running)
    {
        ArgumentNullException.ThrowIfNull(running);
        var finished = await Task.WhenAny(running);
        running.Remove(finished);
        return await finished;
    }
}
