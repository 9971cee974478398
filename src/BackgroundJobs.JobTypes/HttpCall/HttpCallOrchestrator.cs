using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>
/// Sends the call until it is answered within the expected range: each attempt is one
/// <see cref="SendHttpCallActivity"/>, retried by the platform's handler (jittered backoff, the
/// server's <c>Retry-After</c> honoured) up to the request's <c>maxAttempts</c>.
/// </summary>
public sealed class HttpCallOrchestrator(JobEventChannels channels) : JobOrchestrator<HttpCallRequest, HttpCallResult>(channels)
{
    public const string StageCalling = "calling";
    public const string StageCompleted = "completed";

    protected override async Task<HttpCallResult> RunJobAsync(TaskOrchestrationContext context, HttpCallRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = new JobRun(context.InstanceId, context.NewGuid().ToString("N")[..12]);
        var policy = HttpCallLimits.RetryPolicy(input.MaxAttempts ?? HttpCallLimits.DefaultMaxAttempts);
        context.SetCustomStatus(new JobProgress(StageCalling, 0, 1));
        var result = await context.CallActivityAsync<HttpCallResult>(
            nameof(SendHttpCallActivity),
            new HttpCallAttempt(run, input),
            JobRetry.Options(policy, nameof(SendHttpCallActivity)));
        context.SetCustomStatus(new JobProgress(StageCompleted, 1, 1));
        return result;
    }
}
