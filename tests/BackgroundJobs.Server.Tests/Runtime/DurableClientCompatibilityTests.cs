using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Tests.Runtime;

/// <summary>
/// The npm <c>durable-functions</c> 3.5.0 DurableClient, unmodified (installed by <c>npm ci</c> from
/// package-lock.json), drives the server's Durable HTTP API through the management URLs of its
/// binding data: every runtime status, the list with paging, every management operation.
/// The checks are in <c>durable-client/durable-client.mjs</c>; this starts the real server on the
/// Azure Storage engine (Azurite) and runs the script with Node.
/// </summary>
public class DurableClientCompatibilityTests
{
    // More than the list's default page of 100, so that getStatusAll must follow the continuation token.
    private const int PendingInstances = 105;

    [Fact]
    public async Task StockDurableFunctionsClient_GetsEveryStatus_ListsWithPaging_AndManagesInstances()
    {
        var script = RepositoryRoot.Combine("tests", "BackgroundJobs.Server.Tests", "Runtime", "durable-client", "durable-client.mjs");
        Assert.True(
            File.Exists(RepositoryRoot.Combine("node_modules", "durable-functions", "package.json")),
            "node_modules/durable-functions is missing: run `npm ci` in the repository root (package.json pins durable-functions 3.5.0).");
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromMilliseconds(500);
        var settings = ServerHost.WithSendGrid(sendGrid, ServerHost.OnAzurite());
        await using var server = await ServerHost.StartAsync(settings);

        // The HTTP API has no delayed start, so the pending instances are scheduled an hour ahead
        // through the engine's client, as a Functions app's own code would with StartAt.
        var prefix = "pending-" + Guid.NewGuid().ToString("N")[..8] + "-";
        for (var i = 0; i < PendingInstances; i++)
        {
            await server.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(BulkEmailOrchestrator),
                new { subject = "Later", text = "Later", recipients = new[] { new { email = "later@example.com" } } },
                new StartOrchestrationOptions($"{prefix}{i:000}", DateTimeOffset.UtcNow.AddHours(1)));
        }

        using var node = ChildProcess.Start(
            "node",
            "node",
            [script],
            new Dictionary<string, string?>
            {
                ["SERVER_URL"] = server.BaseAddress.ToString(),
                ["API_KEY"] = ServerHost.ApiKey,
                ["TASK_HUB"] = settings["Engine:TaskHubName"],
                ["PENDING_PREFIX"] = prefix,
                ["PENDING_COUNT"] = PendingInstances.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RepositoryRoot.Path);
        var exited = await node.WaitForExitAsync(TimeSpan.FromMinutes(6));

        Assert.True(exited, "The script did not end within 6 minutes:\n" + node.Tail());
        Assert.True(node.ExitCode == 0, $"The script failed (exit code {node.ExitCode}):\n" + node.Tail());
        Assert.Contains(node.Output, line => line.EndsWith("all checks passed", StringComparison.Ordinal));
        foreach (var check in new[] { "getStatus pending", "getStatus running", "suspend + getStatus suspended", "terminate + getStatus terminated", "getStatusAll", "purgeInstanceHistoryBy" })
        {
            Assert.Contains(node.Output, line => line.Contains($"\"check\":\"{check}\"", StringComparison.Ordinal));
        }
    }
}
