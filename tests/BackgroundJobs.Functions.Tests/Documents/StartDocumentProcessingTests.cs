using System.Text.Json;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.Documents;

public sealed class StartDocumentProcessingTests : IDisposable
{
    private readonly Mock<IBlobStore> blobs = new();
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly IHost host;

    public StartDocumentProcessingTests()
    {
        host = FunctionsTestHost.Build(overrides: services => services.AddSingleton(blobs.Object));
        blobs.Setup(b => b.ExistsAsync("uploads/a.pdf", It.IsAny<CancellationToken>())).ReturnsAsync(true);
        client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => Task.FromResult(options!.InstanceId!));
    }

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task RunAsync_ValidRequest_Answers202_AndSchedulesTheDocumentOrchestratorWithTheRequest()
    {
        var invocation = Invocation("""{"blob":"uploads/a.pdf","operations":[{"type":"extractText","pagesPerActivity":5}]}""");

        var response = await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, "documents", client.Object, invocation.FunctionContext));

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        Assert.Equal("documents", body.RootElement.GetProperty("type").GetString());
        var id = body.RootElement.GetProperty("id").GetString();
        client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(DocumentOrchestrator)),
                It.Is<object?>(input => input is DocumentRequest && ((DocumentRequest)input).Operations![0].PagesPerActivity == 5),
                It.Is<StartOrchestrationOptions?>(o => o != null && o.InstanceId == id),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task RunAsync_UnknownBlob_AnswersAProblemNamingBlob_AndStartsNothing()
    {
        var invocation = Invocation("""{"blob":"uploads/missing.pdf"}""");

        var response = await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, "documents", client.Object, invocation.FunctionContext));

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(invocation.ResponseBody());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("blob", out _));
        client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    private StartJob Trigger() => ActivatorUtilities.CreateInstance<StartJob>(host.Services);

    private HttpInvocation Invocation(string body) =>
        HttpInvocation.Create(host.Services, nameof(StartJob), HttpMethods.Post, "/api/jobs/documents", body, "application/json");
}
