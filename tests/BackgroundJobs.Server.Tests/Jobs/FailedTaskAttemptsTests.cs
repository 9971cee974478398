using System.Collections.Concurrent;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Server.Engine;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary>
/// A failed job's details say how many attempts the failing task made. The count comes from the
/// retry handler when it gives up, on the real engine.
/// </summary>
public sealed class FailedTaskAttemptsTests
{
    [Fact]
    public async Task RetryHandler_GivingUpAfterThreeTransientFailures_RecordsThreeAttempts()
    {
        await using var server = await ServerHost.StartAsync(configure: builder =>
            builder.Services.Configure<EngineTasks>(tasks => tasks.Registrations.Add(registry => registry
                .AddOrchestrator<AlwaysBusyProbe>()
                .AddActivity<AlwaysBusyActivity>())));
        var id = "attempts-probe-" + Guid.NewGuid().ToString("N");

        await server.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AlwaysBusyProbe), new StartOrchestrationOptions(id));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ended = await server.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, ended.RuntimeStatus);
        Assert.Equal(3, AlwaysBusyActivity.Calls[id]);
        var gaveUp = await server.Blobs.ReadJsonAsync<TaskGaveUp>(BlobNames.JobTaskAttempts(id, nameof(AlwaysBusyActivity)));
        Assert.NotNull(gaveUp);
        Assert.Equal((3, typeof(TransientFailureException).FullName), (gaveUp.Attempts, gaveUp.ErrorType));
    }

    [Fact]
    public async Task Get_JobFailedByAPermanentError_NamesTheTask_WithOneAttempt()
    {
        await using var server = await ServerHost.StartAsync();

        var blob = await server.UploadAsync("just some text that claims to be a PDF"u8.ToArray(), "application/pdf");
        var job = await FinishedJob.StartAndFollowAsync(server, "/api/jobs/documents", new { blob }, "documents", TimeSpan.FromSeconds(60));

        Assert.Equal("failed", job.View.GetProperty("status").GetString());
        var details = await OperatedJobs.GetAsync(server, $"/api/jobs/{job.Id}");
        var failure = details.GetProperty("failure");
        Assert.Equal("InspectDocumentActivity", failure.GetProperty("task").GetString());
        Assert.Equal(1, failure.GetProperty("attempts").GetInt32());
    }

    /// <summary>Calls an activity that is always busy, retrying three times a few milliseconds apart.</summary>
    private sealed class AlwaysBusyProbe : TaskOrchestrator<object?, string>
    {
        private static readonly BackoffPolicy Quick = new(3, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));

        public override Task<string> RunAsync(TaskOrchestrationContext context, object? input) =>
            context.CallActivityAsync<string>(nameof(AlwaysBusyActivity), context.InstanceId, JobRetry.Options(Quick, nameof(AlwaysBusyActivity)));
    }

    private sealed class AlwaysBusyActivity : TaskActivity<string, string>
    {
        public static ConcurrentDictionary<string, int> Calls { get; } = new();

        public override Task<string> RunAsync(TaskActivityContext context, string input)
        {
            Calls.AddOrUpdate(input, 1, (_, calls) => calls + 1);
            throw new TransientFailureException("busy, try again");
        }
    }
}
