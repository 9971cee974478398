using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.Core.Jobs;
using Microsoft.DurableTask;

namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary><c>GET /api/monitor</c> on both engines: counts of real jobs, failures, throughput, the oldest pending job and the engine's queue depth.</summary>
public sealed class MonitorTests
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Monitor_AfterFailedAndCompletedJobs_CountsThemAndShowsTheQueues(string engine)
    {
        var settings = OperatedJobs.Engine(engine);
        await using var server = await ServerHost.StartAsync(settings);
        var failed = await OperatedJobs.StartFailingAsync(server, 3);
        var completed = await OperatedJobs.StartCompletingAsync(server);
        await OperatedJobs.WaitForEndAsync(server, [.. failed, completed]);

        // A job scheduled an hour ahead stays pending; the notification instances of the others are not jobs.
        await server.Client.ScheduleNewOrchestrationInstanceAsync(
            JobTypeRegistry.OrchestratorFor(BulkEmailJob.Name),
            new { subject = "Hi", text = "Later", recipients = new[] { new { email = "a@example.com" } } },
            new StartOrchestrationOptions { StartAt = DateTimeOffset.UtcNow.AddHours(1) });
        await Task.Delay(1500);

        var monitor = await OperatedJobs.GetAsync(server, "/api/monitor");

        var byStatus = monitor.GetProperty("jobsByStatus");
        Assert.Equal((3, 1, 1), (byStatus.GetProperty("failed").GetInt32(), byStatus.GetProperty("completed").GetInt32(), byStatus.GetProperty("pending").GetInt32()));
        Assert.Equal(5, monitor.GetProperty("jobsByType").GetProperty("bulk-email").GetInt32());
        Assert.Equal(0, monitor.GetProperty("jobsByType").GetProperty("documents").GetInt32());
        Assert.Equal(3, monitor.GetProperty("failuresLastHour").GetInt32());
        Assert.Equal(0.2, monitor.GetProperty("completedPerMinute").GetDouble(), 3);
        Assert.InRange(monitor.GetProperty("oldestPendingAgeSeconds").GetDouble(), 1, 120);
        var queues = monitor.GetProperty("queueDepth");
        if (engine == "AzureStorage")
        {
            var hub = settings!["Engine:TaskHubName"]!.ToLowerInvariant();
            Assert.Equal("azure-storage-queues", queues.GetProperty("source").GetString());
            Assert.True(queues.GetProperty("queues").TryGetProperty($"{hub}-workitems", out _), queues.GetRawText());
            Assert.True(queues.GetProperty("queues").TryGetProperty($"{hub}-control-00", out _), queues.GetRawText());

            // The delayed start message waits, invisible but counted, in a control queue.
            Assert.True(queues.GetProperty("total").GetInt64() >= 1, queues.GetRawText());
        }
        else
        {
            Assert.Equal("in-memory-pending-instances", queues.GetProperty("source").GetString());
            Assert.Equal(1, queues.GetProperty("total").GetInt64());
        }
    }
}
