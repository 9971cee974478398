using System.Text;
using System.Text.Json;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Tests.Hosting;
using BackgroundJobs.JobTypes.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Moq;

namespace BackgroundJobs.Functions.Tests.Reports;

public sealed class ReportTriggersTests : IDisposable
{
    private readonly Mock<IBlobStore> blobs = new();
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly IHost host;

    public ReportTriggersTests()
    {
        host = FunctionsTestHost.Build(overrides: services => services.AddSingleton(blobs.Object));
        client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => Task.FromResult(options!.InstanceId!));
    }

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task StartReport_EmailDeliveryOfACompletedBulkEmail_Answers202_AndSchedulesTheReportWithTheJobsRun()
    {
        var bulk = new OrchestrationMetadata(nameof(BulkEmailOrchestrator), "bulk-1")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Completed,
            SerializedOutput = JsonSerializer.Serialize(new BulkEmailResult(2, 2, 0, 0, 0, 1, [], null, "run42"), JobJson.Options),
        };
        client.Setup(c => c.GetInstanceAsync("bulk-1", true, It.IsAny<CancellationToken>())).ReturnsAsync(bulk);
        var invocation = Invocation("""{"report":"email-delivery","jobId":"bulk-1","format":"xlsx"}""");

        var response = await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, "reports", client.Object, invocation.FunctionContext));

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        Assert.Equal("reports", body.RootElement.GetProperty("type").GetString());
        client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(ReportOrchestrator)),
                It.Is<object?>(input => input is ReportRequest && ((ReportRequest)input).BulkEmailRun == "run42" && ((ReportRequest)input).Format == "xlsx"),
                It.IsAny<StartOrchestrationOptions?>(),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task StartReport_UnknownReport_AnswersAProblemNamingReport_AndStartsNothing()
    {
        var invocation = Invocation("""{"report":"sales"}""");

        var response = await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, "reports", client.Object, invocation.FunctionContext));

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(invocation.ResponseBody());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("report", out _));
        client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Fact]
    public async Task RunClientActivity_WritesAJobHistoryPart_ReadingThePageThroughTheBoundClient()
    {
        var from = new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);
        var failed = new OrchestrationMetadata(nameof(BulkEmailOrchestrator), "bulk-9")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Failed,
            CreatedAt = from.AddMinutes(10),
            LastUpdatedAt = from.AddMinutes(10).AddSeconds(3),
            FailureDetails = new TaskFailureDetails("BackgroundJobs.JobTypes.BulkEmail.BulkEmailFailedException", "No recipient was sent, the provider said: bad key", null, null, null),
        };
        var chunk = new OrchestrationMetadata("SendEmailChunkOrchestrator", "bulk-9:chunk:0") { RuntimeStatus = OrchestrationRuntimeStatus.Completed, CreatedAt = from.AddMinutes(11) };
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>())).Returns(() =>
            Pageable.Create((string? _, int? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>([failed, chunk], null))));
        byte[]? written = null;
        blobs.Setup(b => b.WriteAsync(It.IsAny<string>(), It.IsAny<Stream>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string _, Stream content, string _, CancellationToken _) => written = ((MemoryStream)content).ToArray())
            .Returns(Task.CompletedTask);
        var run = new JobRun("report-1", "run1");
        var request = new ReportRequest { Report = ReportNames.JobHistory, From = "2026-11-28T01:00:00Z", To = "2026-11-28T02:00:00Z" };
        var token = Assert.Single(JobHistoryReport.Split(from, from.AddHours(1)));
        var function = ActivatorUtilities.CreateInstance<RunClientActivity>(host.Services);
        var call = new ClientActivityCall(nameof(WriteJobHistoryReportPartActivity), JsonSerializer.SerializeToElement(new ReportPartInput(run, request, 0, 0, token), JobJson.Options));

        var result = await function.RunAsync(call, client.Object, Mock.Of<FunctionContext>());

        Assert.Equal(new ReportPartResult(1, null), result);
        blobs.Verify(b => b.WriteAsync(ReportBlobNames.Part(run, 0, 0), It.IsAny<Stream>(), "text/csv", It.IsAny<CancellationToken>()));
        Assert.Equal(
            "bulk-9,bulk-email,failed,2026-11-28T01:10:00.000Z,2026-11-28T01:10:03.000Z,3,BackgroundJobs.JobTypes.BulkEmail.BulkEmailFailedException,\"No recipient was sent, the provider said: bad key\"\r\n",
            Encoding.UTF8.GetString(written!));
    }

    [Fact]
    public void WorkerRegistry_HasNoClassActivity_NamedLikeTheClientActivityFunction()
    {
        var registry = host.Services.GetRequiredService<IOptionsMonitor<DurableTaskRegistry>>().Get(Options.DefaultName);

        Assert.DoesNotContain(registry.GetActivities(), activity => activity.Key.Name is ClientActivityCall.TaskName or nameof(WriteJobHistoryReportPartActivity));
    }

    private StartJob Trigger() => ActivatorUtilities.CreateInstance<StartJob>(host.Services);

    private HttpInvocation Invocation(string body) =>
        HttpInvocation.Create(host.Services, nameof(StartJob), HttpMethods.Post, "/api/jobs/reports", body, "application/json");
}
