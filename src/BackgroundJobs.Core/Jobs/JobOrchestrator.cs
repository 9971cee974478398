using System.Text.Json;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// The base of every job's orchestrator. It runs the job and then, however the job ended, starts
/// the job's notifications (webhook, e-mail, Service Bus) as a separate orchestration, so that no job
/// type can forget them and a slow or failing webhook never holds the job's own outcome back.
/// A canceled job runs no more code of its own; whoever cancels it starts its notifications.
/// </summary>
public abstract class JobOrchestrator<TInput, TOutput> : TaskOrchestrator<TInput, TOutput>
    where TInput : IJobRequest
{
    // Both hosts create a fresh orchestrator for every work item, so this flag is one generation's.
    private bool continuedAsNew;

    public sealed override async Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        continuedAsNew = false;
        TOutput output;
        try
        {
            output = await RunJobAsync(context, input);
        }
        catch (Exception exception)
        {
            await JobNotifications.StartAsync(context, JobType, input, JobStatus.Failed, result: null, JobError.From(exception));
            throw;
        }

        if (continuedAsNew)
        {
            // Not an ending: the job goes on in its next generation, which notifies when it ends.
            return output;
        }

        await JobNotifications.StartAsync(context, JobType, input, JobStatus.Completed, JsonSerializer.SerializeToElement(output, JobJson.Options), error: null);
        return output;
    }

    private string JobType => JobTypes.FromOrchestrator(GetType().Name) ?? GetType().Name;

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
