using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.Jobs;

/// <summary>The Functions cancel trigger over the shared handler, with the Durable client mocked.</summary>
public sealed class CancelJobTests : IDisposable
{
    private readonly Mock<IBlobStore> blobs = new();
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly IHost host;

    public CancelJobTests()
    {
        host = FunctionsTestHost.Build(overrides: services => services.AddSingleton(blobs.Object));
        blobs.Setup(b => b.TryCreateAsync(BlobNames.JobCancellation("job-7"), It.IsAny<Stream>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
    }

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task RunAsync_RunningJob_TerminatesItWithItsChunks_AndStartsItsCanceledNotification()
    {
        client.Setup(c => c.GetInstanceAsync("job-7", true, It.IsAny<CancellationToken>())).ReturnsAsync(new OrchestrationMetadata(nameof(BulkEmailOrchestrator), "job-7")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Running,
            SerializedInput = """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"callback":{"url":"https://client.example/hooks"},"notifyEmail":"ops@example.com"}""",
        });
        var invocation = Invocation("job-7", """{"reason":"wrong list","requestedBy":"ops"}""");

        var response = await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, client.Object, invocation.FunctionContext, "job-7"));

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        client.Verify(c => c.TerminateInstanceAsync("job-7", It.Is<TerminateInstanceOptions?>(o => o != null && o.Recursive && (string?)o.Output == "wrong list"), It.IsAny<CancellationToken>()), Times.Once);
        client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(JobNotificationOrchestrator)),
                It.Is<object?>(input => input is JobEventRequest
                    && ((JobEventRequest)input).Status == JobStatus.Canceled
                    && ((JobEventRequest)input).Callback!.Url == "https://client.example/hooks"
                    && ((JobEventRequest)input).NotifyEmail == "ops@example.com"),
                It.Is<StartOrchestrationOptions?>(o => o != null && o.InstanceId!.StartsWith("job-7:notify:evt_", StringComparison.Ordinal)),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task RunAsync_FinishedJob_Is409_AndNothingIsTerminated()
    {
        client.Setup(c => c.GetInstanceAsync("job-7", true, It.IsAny<CancellationToken>())).ReturnsAsync(new OrchestrationMetadata(nameof(BulkEmailOrchestrator), "job-7")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Completed,
        });
        var invocation = Invocation("job-7", string.Empty);

        var response = await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, client.Object, invocation.FunctionContext, "job-7"));

        Assert.Equal(StatusCodes.Status409Conflict, response.StatusCode);
        client.Verify(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private CancelJob Trigger() => ActivatorUtilities.CreateInstance<CancelJob>(host.Services);

    private HttpInvocation Invocation(string id, string body) =>
        HttpInvocation.Create(host.Services, nameof(CancelJob), HttpMethods.Post, $"/api/jobs/{id}/cancel", body, "application/json");
}
