using System.Text.Json;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Monitoring;
using BackgroundJobs.Functions.Tests.Hosting;
using BackgroundJobs.Infrastructure.Monitoring;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.Jobs;

/// <summary>The Functions triggers of issue 5 on the host's own container: they resolve, and the list answers through the shared handler.</summary>
public sealed class OperateJobsTriggersTests : IDisposable
{
    // No retry links: the blob store answers every read with "no such blob" (the list reads a failed job's retry link).
    private readonly IHost host = FunctionsTestHost.Build(WithTaskHubStorage(), s => s.AddSingleton(new Mock<IBlobStore>().Object));

    public void Dispose() => host.Dispose();

    // The Functions host always sets AzureWebJobsStorage; the monitor's queue-depth reader is built from it.
    private static Dictionary<string, string?> WithTaskHubStorage()
    {
        var settings = FunctionsTestHost.DefaultSettings();
        settings["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        return settings;
    }

    [Fact]
    public async Task ListJobs_NewestJobFirst_OnlyJobs_WithTheBuiltInStatusUrlAndANextToken()
    {
        var now = DateTimeOffset.UtcNow;
        var client = new Mock<DurableTaskClient>("test");
        OrchestrationMetadata[] instances =
        [
            new(nameof(BulkEmailOrchestrator), "older") { CreatedAt = now.AddMinutes(-2), RuntimeStatus = OrchestrationRuntimeStatus.Completed },
            new("JobNotificationOrchestrator", "newer:notify:evt_1") { CreatedAt = now, RuntimeStatus = OrchestrationRuntimeStatus.Completed },
            new(nameof(BulkEmailOrchestrator), "newer") { CreatedAt = now.AddMinutes(-1), RuntimeStatus = OrchestrationRuntimeStatus.Failed },
        ];
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>())).Returns(() =>
            Pageable.Create((string? _, int? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>(instances, null))));
        var invocation = HttpInvocation.Create(host.Services, nameof(ListJobs), HttpMethods.Get, "/api/jobs");
        invocation.Request.QueryString = new QueryString("?pageSize=1");
        var trigger = ActivatorUtilities.CreateInstance<ListJobs>(host.Services);

        var response = await invocation.ExecuteAsync(await trigger.RunAsync(invocation.Request, client.Object, invocation.FunctionContext));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        var item = Assert.Single(body.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("newer", item.GetProperty("id").GetString());
        Assert.Equal($"{HttpInvocation.BaseUrl}/runtime/webhooks/durabletask/instances/newer", item.GetProperty("statusQueryGetUri").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("continuationToken").GetString()));
    }

    [Fact]
    public void Triggers_ResolveFromTheHost_AndQueueDepthReadsTheTaskHubQueues()
    {
        foreach (var type in new[] { typeof(ListJobs), typeof(RetryJob), typeof(RetryFailedJobs), typeof(PurgeJob), typeof(PurgeExpiredJobs), typeof(GetMonitor) })
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type));
        }

        Assert.IsType<TaskHubQueueDepthReader>(FunctionsQueueDepth.Create(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["TaskHubName"] = "Hub" })
            .Build()));
        Assert.Throws<InvalidOperationException>(() => FunctionsQueueDepth.Create(new ConfigurationBuilder().Build()));
    }
}
