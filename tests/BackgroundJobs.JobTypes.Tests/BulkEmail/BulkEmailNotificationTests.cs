using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

/// <summary>A job orchestrator ends by starting its notifications, apart from itself, however it ended (shown on a bulk e-mail job).</summary>
public class BulkEmailNotificationTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Guid EventGuid = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");

    private static readonly BulkEmailRequest Request = new()
    {
        Subject = "Hi",
        Text = "Hello",
        RecipientsBlob = "uploads/a.csv",
        Callback = new JobCallback { Url = "https://client.example/hooks" },
        NotifyEmail = "ops@example.com",
    };

    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1");
    private readonly List<(JobEventRequest Input, SubOrchestrationOptions? Options)> notifications = [];

    public BulkEmailNotificationTests()
    {
        // What the hosts' registration lines do: an orchestrator names its job type from the registry.
        JobTypeRegistry.Add(BulkEmailJob.Descriptor);
        context.Setup(c => c.NewGuid()).Returns(EventGuid);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        context.Setup(c => c.CallActivityAsync<EmailBatchPlan>(It.Is<TaskName>(n => n.Name == nameof(PrepareEmailBatchesActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new EmailBatchPlan(BatchCount: 1, BatchSize: 10, Recipients: 5, Duplicates: 0, Invalid: 0));
        context.Setup(c => c.CallSubOrchestratorAsync<object>(It.Is<TaskName>(n => n.Name == nameof(JobNotificationOrchestrator)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, options) => notifications.Add(((JobEventRequest)input!, options as SubOrchestrationOptions)))
            .ReturnsAsync((object)null!);
    }

    [Fact]
    public async Task RunAsync_JobCompletes_StartsOneFireAndForgetNotification_WithTheResultAndTheRequestsTargets()
    {
        ChunksSend(sent: 5, failed: 0);

        var result = await new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request);

        var (ended, options) = Assert.Single(notifications);
        Assert.Equal(JobStatus.Completed, ended.Status);
        Assert.Equal(JobEventTypes.Completed, ended.EventType);
        Assert.Equal("job-1", ended.JobId);
        Assert.Equal(BulkEmailJob.Name, ended.JobType);
        Assert.Equal(new DateTimeOffset(Now), ended.At);
        Assert.Equal(result.Sent, ended.Result!.Value.GetProperty("sent").GetInt32());
        Assert.Null(ended.Error);
        Assert.Equal("https://client.example/hooks", ended.Callback!.Url);
        Assert.Equal("ops@example.com", ended.NotifyEmail);
        Assert.Equal($"evt_{EventGuid:N}", ended.EventId);
        Assert.Equal($"job-1:notify:evt_{EventGuid:N}", options!.InstanceId);
        Assert.True(options.Tags?.ContainsKey("FireAndForget"));
    }

    [Fact]
    public async Task RunAsync_JobFails_StillNotifies_WithTheError_AndTheJobStillFails()
    {
        ChunksSend(sent: 0, failed: 5);

        var error = await Assert.ThrowsAsync<BulkEmailFailedException>(() => new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request));

        var (ended, _) = Assert.Single(notifications);
        Assert.Equal(JobStatus.Failed, ended.Status);
        Assert.Equal(JobEventTypes.Failed, ended.EventType);
        Assert.Null(ended.Result);
        Assert.Equal(typeof(BulkEmailFailedException).FullName, ended.Error!.Type);
        Assert.Equal(error.Message, ended.Error.Message);
    }

    [Fact]
    public async Task RunAsync_ActivityFailed_AsTheFunctionsWorkerReportsIt_TheNotificationCarriesTheActivitysError()
    {
        // The webhook's job.failed payload and the failure e-mail are built from this request, not from
        // the instance's stored state: on Functions the extension forwards the activity's failure
        // details with the task's failure event, and the worker wraps them so.
        context.Setup(c => c.CallActivityAsync<EmailBatchPlan>(It.Is<TaskName>(n => n.Name == nameof(PrepareEmailBatchesActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(PrepareEmailBatchesActivity), 0, new TaskFailureDetails(typeof(InvalidJobInputException).FullName!, "The recipients file has no email column.", null, null, null)));

        await Assert.ThrowsAsync<TaskFailedException>(() => new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request));

        var (ended, _) = Assert.Single(notifications);
        Assert.Equal(JobEventTypes.Failed, ended.EventType);
        Assert.Equal((typeof(InvalidJobInputException).FullName, "The recipients file has no email column."), (ended.Error!.Type, ended.Error.Message));
    }

    [Fact]
    public async Task RunAsync_CallbackWantsProgress_ProgressEventsGoOutAtMostEveryFiveSeconds_WithIdsFromWhatTheyReport()
    {
        var now = Now;
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        context.Setup(c => c.CallActivityAsync<EmailBatchPlan>(It.Is<TaskName>(n => n.Name == nameof(PrepareEmailBatchesActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new EmailBatchPlan(BatchCount: 20, BatchSize: 1, Recipients: 20, Duplicates: 0, Invalid: 0));
        ChunksSend(sent: 2, failed: 0);
        context.Setup(c => c.CallSubOrchestratorAsync<EmailChunkResult>(It.Is<TaskName>(n => n.Name == nameof(SendEmailChunkOrchestrator)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(() =>
            {
                now = now.AddSeconds(2);
                return Task.FromResult(new EmailChunkResult(2, 2, 0, []));
            });
        var request = Request with { Callback = new JobCallback { Url = "https://client.example/hooks", Events = ["job.progress", "job.completed"] } };

        await new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, request);

        var progress = notifications.Where(n => n.Input.Progress is not null).ToList();
        Assert.InRange(progress.Count, 2, 6);
        Assert.All(progress.Zip(progress.Skip(1)), pair => Assert.True(pair.Second.Input.At - pair.First.Input.At >= TimeSpan.FromSeconds(5)));
        Assert.All(progress, n => Assert.Equal((JobEventTypes.Progress, JobEventIds.ForProgress("job-1", n.Input.Progress!)), (n.Input.EventType, n.Input.EventId)));
        Assert.Equal(JobEventTypes.Completed, notifications[^1].Input.EventType);
    }

    [Fact]
    public async Task RunAsync_CallbackDoesNotAskForProgress_OnlyTheEndingIsSent()
    {
        ChunksSend(sent: 5, failed: 0);

        await new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, Request with { Callback = new JobCallback { Url = "https://client.example/hooks" } });

        Assert.Single(notifications);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_NobodyToTell_StartsNoNotification_WhetherItCompletesOrFails(bool fails)
    {
        ChunksSend(sent: fails ? 0 : 5, failed: fails ? 5 : 0);
        var request = Request with { Callback = null, NotifyEmail = null };

        var run = new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, request);

        if (fails)
        {
            await Assert.ThrowsAsync<BulkEmailFailedException>(() => run);
        }
        else
        {
            Assert.Equal(5, (await run).Sent);
        }

        Assert.Empty(notifications);
    }

    [Theory]
    [InlineData("bus")]
    [InlineData("email")]
    [InlineData("callback")]
    public async Task RunAsync_AnyOneChannel_IsEnoughToBeNotified(string channel)
    {
        ChunksSend(sent: 5, failed: 0);
        var request = Request with
        {
            Callback = channel == "callback" ? new JobCallback { Url = "https://client.example/hooks" } : null,
            NotifyEmail = channel == "email" ? "ops@example.com" : null,
        };

        await new BulkEmailOrchestrator(new JobEventChannels(PublishesToBus: channel == "bus")).RunAsync(context.Object, request);

        Assert.Equal(JobEventTypes.Completed, Assert.Single(notifications).Input.EventType);
    }

    [Fact]
    public async Task RunAsync_CallbackWantsOnlyFailures_AndTheJobCompletes_StartsNoNotification()
    {
        ChunksSend(sent: 5, failed: 0);
        var request = Request with { Callback = new JobCallback { Url = "https://client.example/hooks", Events = [JobEventTypes.Failed] }, NotifyEmail = null };

        await new BulkEmailOrchestrator(JobEventChannels.WithoutBus).RunAsync(context.Object, request);

        Assert.Empty(notifications);
    }

    [Fact]
    public void EveryJobTypesOrchestrator_IsAJobOrchestrator_SoNoneCanSkipItsNotifications()
    {
        // The built-in types live in JobTypes (and, until they move, Core); other tests of this process
        // may have registered more types, so the orchestrators are looked up there, not counted.
        var orchestrators = new[] { typeof(JobOrchestrator<,>).Assembly, typeof(BulkEmailJob).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(t => JobTypeRegistry.TypeNameOf(t.Name) is not null)
            .ToList();

        Assert.Contains(typeof(BulkEmailOrchestrator), orchestrators);
        Assert.All(orchestrators, t => Assert.True(
            t.BaseType is { IsGenericType: true } baseType && baseType.GetGenericTypeDefinition() == typeof(JobOrchestrator<,>),
            $"{t.Name} must derive from JobOrchestrator<,>"));
    }

    /// <summary>A one-batch job sends from its own orchestration; a larger one through chunk sub-orchestrations.</summary>
    private void ChunksSend(int sent, int failed)
    {
        context.Setup(c => c.CallActivityAsync<EmailBatchOutcome>(It.Is<TaskName>(n => n.Name == nameof(SendEmailBatchActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(failed == 0 ? new EmailBatchOutcome(0, sent, Sent: true, 202) : new EmailBatchOutcome(0, failed, Sent: false, 401, "bad key"));
        context.Setup(c => c.CallSubOrchestratorAsync<EmailChunkResult>(It.Is<TaskName>(n => n.Name == nameof(SendEmailChunkOrchestrator)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(failed == 0 ? new EmailChunkResult(1, sent, 0, []) : new EmailChunkResult(0, 0, failed, [new FailedEmailBatch(0, failed, "401 bad key", 401)]));
        context.Setup(c => c.CallActivityAsync<BulkEmailResult>(It.Is<TaskName>(n => n.Name == nameof(CompleteBulkEmailActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new BulkEmailResult(5, sent, failed, 0, 0, 1, failed == 0 ? [] : [new FailedEmailBatch(0, failed, "401 bad key", 401)], null));
    }
}
