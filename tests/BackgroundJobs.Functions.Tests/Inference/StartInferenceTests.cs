using System.Text;
using System.Text.Json;
using BackgroundJobs.JobTypes.Inference;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.Inference;

public sealed class StartInferenceTests : IDisposable
{
    private const string Items = "{\"id\":\"a\",\"prompt\":\"hello\"}\n{\"prompt\":\"world\"}\n";
    private readonly Mock<IBlobStore> blobs = new();
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly IHost host;

    public StartInferenceTests()
    {
        // Inference is refused at the door without an endpoint; nothing here calls it.
        var settings = FunctionsTestHost.DefaultSettings();
        settings["Inference:BaseUrl"] = "https://model.example.net/v1";
        settings["Inference:ApiKey"] = "test-key";
        host = FunctionsTestHost.Build(settings, services => services.AddSingleton(blobs.Object));
        blobs.Setup(b => b.GetSizeAsync("uploads/items.jsonl", It.IsAny<CancellationToken>())).ReturnsAsync(Encoding.UTF8.GetByteCount(Items));
        blobs.Setup(b => b.OpenReadAsync("uploads/items.jsonl", It.IsAny<CancellationToken>())).ReturnsAsync(() => new MemoryStream(Encoding.UTF8.GetBytes(Items)));
        client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => Task.FromResult(options!.InstanceId!));
    }

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task RunAsync_ValidRequest_Answers202_AndSchedulesTheInferenceOrchestratorWithTheRequest()
    {
        var invocation = Invocation("""{"blob":"uploads/items.jsonl","mode":"chat","model":"gpt-4o-mini","maxConcurrency":3}""");

        var response = await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, "inference", client.Object, invocation.FunctionContext));

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        Assert.Equal("inference", body.RootElement.GetProperty("type").GetString());
        var id = body.RootElement.GetProperty("id").GetString();
        client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(InferenceOrchestrator)),
                It.Is<object?>(input => input is InferenceRequest && ((InferenceRequest)input).MaxConcurrency == 3 && ((InferenceRequest)input).Model == "gpt-4o-mini"),
                It.Is<StartOrchestrationOptions?>(o => o != null && o.InstanceId == id),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task RunAsync_UnknownMode_AnswersAProblemNamingMode_AndStartsNothing()
    {
        var invocation = Invocation("""{"blob":"uploads/items.jsonl","mode":"images","model":"gpt-4o-mini"}""");

        var response = await invocation.ExecuteAsync(await Trigger().RunAsync(invocation.Request, "inference", client.Object, invocation.FunctionContext));

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(invocation.ResponseBody());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("mode", out _));
        client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    private StartJob Trigger() => ActivatorUtilities.CreateInstance<StartJob>(host.Services);

    private HttpInvocation Invocation(string body) =>
        HttpInvocation.Create(host.Services, nameof(StartJob), HttpMethods.Post, "/api/jobs/inference", body, "application/json");
}
