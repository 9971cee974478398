using System.Text.Json;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.Jobs;

public sealed class GetJobTests : IDisposable
{
    private readonly Mock<DurableTaskClient> client = new("test");
    // No retry links are stored: the blob store answers every read with "no such blob", without Azurite.
    private readonly IHost host = FunctionsTestHost.Build(overrides: s => s.AddSingleton(new Mock<IBlobStore>().Object));

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task RunAsync_KnownJob_AnswersItsStatusProgressAndBuiltInStatusUrl()
    {
        _ = new ExtensionInstance(client, nameof(BulkEmailOrchestrator), "job-1")
        {
            CreatedAt = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero),
            CustomStatus = """{"stage":"sending","done":1,"total":4}""",
        };
        var invocation = HttpInvocation.Create(host.Services, nameof(GetJob), HttpMethods.Get, "/api/jobs/job-1");

        var response = await invocation.ExecuteAsync(await new GetJob().RunAsync(invocation.Request, client.Object, invocation.FunctionContext, "job-1"));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        var root = body.RootElement;
        Assert.Equal("job-1", root.GetProperty("id").GetString());
        Assert.Equal("bulk-email", root.GetProperty("type").GetString());
        Assert.Equal("running", root.GetProperty("status").GetString());
        Assert.Equal("sending", root.GetProperty("progress").GetProperty("stage").GetString());
        Assert.Equal($"{HttpInvocation.BaseUrl}/runtime/webhooks/durabletask/instances/job-1", root.GetProperty("statusQueryGetUri").GetString());
    }

    [Fact]
    public async Task RunAsync_UnknownJob_Answers404Problem()
    {
        // The extension knows another job only.
        _ = new ExtensionInstance(client, nameof(BulkEmailOrchestrator), "job-2");
        var invocation = HttpInvocation.Create(host.Services, nameof(GetJob), HttpMethods.Get, "/api/jobs/nope");

        var response = await invocation.ExecuteAsync(await new GetJob().RunAsync(invocation.Request, client.Object, invocation.FunctionContext, "nope"));

        Assert.Equal(StatusCodes.Status404NotFound, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
    }
}
