namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// Wakes the server's schedule service when a schedule is saved, deleted, paused or resumed on this
/// instance, so that it recomputes its next occurrence instead of sleeping through a new one.
/// </summary>
public sealed class ScheduleChanges
{
    private TaskCompletionSource changed = NewSource();

    public void Notify() => Interlocked.Exchange(ref changed, NewSource()).TrySetResult();

    /// <summary>Waits for the delay or a change, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var change = Volatile.Read(ref changed).Task;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, time, stop.Token);
        await Task.WhenAny(change, sleep);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
