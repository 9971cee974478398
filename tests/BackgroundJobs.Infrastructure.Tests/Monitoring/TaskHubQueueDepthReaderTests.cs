using Azure.Storage.Queues;
using BackgroundJobs.Infrastructure.Monitoring;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Infrastructure.Tests.Monitoring;

/// <summary>The task hub's queue depth on Azurite: its control and work-item queues count; other queues, and other hubs', do not.</summary>
public sealed class TaskHubQueueDepthReaderTests
{
    [Fact]
    public async Task ReadAsync_CountsTheHubsControlAndWorkItemQueuesOnly()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        var service = new QueueServiceClient(AzuriteEndpoint.ConnectionString);
        var hub = "Hub" + Guid.NewGuid().ToString("N")[..10];
        var lower = hub.ToLowerInvariant();
        var messages = new Dictionary<string, int>
        {
            [$"{lower}-control-00"] = 2,
            [$"{lower}-control-01"] = 1,
            [$"{lower}-workitems"] = 3,
            [$"{lower}-leases"] = 5,
            [$"{lower}x-workitems"] = 7,
        };
        try
        {
            foreach (var (name, count) in messages)
            {
                var queue = service.GetQueueClient(name);
                await queue.CreateIfNotExistsAsync();
                for (var i = 0; i < count; i++)
                {
                    await queue.SendMessageAsync("m");
                }
            }

            var depth = await new TaskHubQueueDepthReader(service, hub).ReadAsync();

            Assert.Equal(TaskHubQueueDepthReader.Source, depth.Source);
            Assert.Equal(6, depth.Total);
            Assert.Equal([$"{lower}-control-00", $"{lower}-control-01", $"{lower}-workitems"], depth.Queues.Keys);
            Assert.Equal(3, depth.Queues[$"{lower}-workitems"]);
        }
        finally
        {
            foreach (var name in messages.Keys)
            {
                await service.GetQueueClient(name).DeleteIfExistsAsync();
            }
        }
    }
}
