using BackgroundJobs.Core.Retry;
using System.Text.Json;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Core.Telemetry;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// The base of every job's orchestrator. It runs the job and then, however the job ended, starts
/// the job's notifications (webhook, e-mail, Service Bus) as a separate orchestration, so that no job
/// type can forget them and a slow or failing webhook never holds the job's own outcome back; a job
/// nobody hears of (<see cref="JobEventChannels"/>) starts none.
/// A canceled job runs no more code of its own; whoever cancels it starts its notifications.
/// </summary>
public abstract class JobOrchestrator<TInput, TOutput>(JobEventChannels channels) : TaskOrchestrator<TInput, TOutput>
    where TInput : IJobRequest
{
    // Both hosts create a fresh orchestrator for every work item, so this flag is one generation's.
    private bool continuedAsNew;

    public sealed override async Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        continuedAsNew = false;
        await WaitForRunAtAsync(context, input);

        // The first episode's time on every replay, so the duration is the same however often it replays.
        var startedAt = context.CurrentUtcDateTime;
        TOutput output;
        try
        {
            output = await RunJobAsync(context, input);
        }
        catch (Exception exception)
        {
            CountEnding(context, JobStatus.Failed, startedAt);
            LogFailure(context, JobError.From(exception));
            if (channels.AnyoneHearsEnding(input, JobStatus.Failed))
            {
                await JobNotifications.StartAsync(context, JobType, input, JobStatus.Failed, result: null, JobError.From(exception));
            }

            throw;
        }

        if (continuedAsNew)
        {
            // Not an ending: the job goes on in its next generation, which notifies when it ends.
            return output;
        }

        CountEnding(context, JobStatus.Completed, startedAt);
        var logger = context.CreateReplaySafeLogger(GetType().FullName!);
        JobLifecycleLogs.JobCompleted(logger, context.InstanceId, JobType);
        if (channels.AnyoneHearsEnding(input, JobStatus.Completed))
        {
            await JobNotifications.StartAsync(context, JobType, input, JobStatus.Completed, JsonSerializer.SerializeToElement(output, JobJson.Options), error: null);
        }

        return output;
    }

    /// <summary>
    /// A delayed start waits here, before the job's first step, on a durable timer: every engine has
    /// one, it survives restarts, it is not bounded as an Azure Storage queue's visibility delay is
    /// (7 days), and a cancel ends the wait like any running job. A time already past does not wait,
    /// so a later generation (continue-as-new) or a retry of the same input starts at once.
    /// </summary>
    private static async Task WaitForRunAtAsync(TaskOrchestrationContext context, TInput input)
    {
        if (input.RunAt is null
            || !DateTimeOffset.TryParse(input.RunAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var runAt)
            || runAt.UtcDateTime <= context.CurrentUtcDateTime)
        {
            return;
        }

        context.SetCustomStatus(new JobProgress(JobProgress.ScheduledStage, 0, 0) { RunAt = runAt });

        await DurableWait.UntilAsync(context, runAt.UtcDateTime, CancellationToken.None);

        context.SetCustomStatus(null);
    }

    /// <summary>A client that asked for <c>job.progress</c> gets at most one progress event this often.</summary>
    public static readonly TimeSpan ProgressEventInterval = TimeSpan.FromSeconds(5);

    // Rebuilt identically on every replay: the orchestrator runs its code again from the start,
    // and CurrentUtcDateTime replays the times it first saw.
    private DateTime? lastProgressEventAt;

    /// <summary>
    /// Counts the ending once: the code after the job's last await runs live in one episode and as a
    /// replay in any later one, which is skipped. (The notification start is fire-and-forget, so today
    /// no later episode follows; the guard keeps the count right if one ever does.) Counting here rather
    /// than in the notification activities keeps a retried activity from counting twice, and needs no
    /// start time carried along. Like any engine side effect it is at least once: an episode that runs
    /// live and is lost before it is committed (a crash) runs live again.
    /// </summary>
    private void CountEnding(TaskOrchestrationContext context, JobStatus status, DateTime startedAt)
    {
        if (!context.IsReplaying)
        {
            JobMetrics.JobEnded(JobType, status, context.CurrentUtcDateTime - startedAt);
        }
    }

    private void LogFailure(TaskOrchestrationContext context, JobError error)
    {
        var logger = context.CreateReplaySafeLogger(GetType().FullName!);
        if (error.Type == typeof(InvalidJobInputException).FullName)
        {
            JobLifecycleLogs.JobFailedOnInput(logger, context.InstanceId, JobType, error.Message);
        }
        else
        {
            JobLifecycleLogs.JobFailed(logger, context.InstanceId, JobType, error.Type, error.Message);
        }
    }

    private string JobType => JobTypeRegistry.TypeNameOf(GetType().Name) ?? GetType().Name;

    /// <summary>
    /// Sets the job's progress (custom status) and, if its callback asked for <c>job.progress</c>,
    /// sends it as an event, at most once per <see cref="ProgressEventInterval"/>.
    /// </summary>
    protected async Task ReportProgressAsync(TaskOrchestrationContext context, TInput input, JobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        context.SetCustomStatus(progress);
        var now = context.CurrentUtcDateTime;
        if (input.Callback?.Wants(JobEventTypes.Progress) != true || now - lastProgressEventAt < ProgressEventInterval)
        {
            return;
        }

        lastProgressEventAt = now;
        await JobNotifications.StartAsync(context, JobType, input, JobStatus.Running, result: null, error: null, progress);
    }

    /// <summary>
    /// Ends this generation and runs the job again under the same id with <paramref name="next"/> as
    /// input and a fresh history; return what this gives back from <see cref="RunJobAsync"/>.
    /// Notifications wait for the generation that really ends the job.
    /// </summary>
    protected TOutput ContinueAsNew(TaskOrchestrationContext context, TInput next)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ContinueAsNew(next, preserveUnprocessedEvents: true);
        continuedAsNew = true;
        return default!;
    }

    /// <summary>The job itself. Throw to fail it: the input and the error stay with the instance.</summary>
    protected abstract Task<TOutput> RunJobAsync(TaskOrchestrationContext context, TInput input);
}
