using System.Net;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary><c>DELETE /api/jobs/{id}</c> and the retention purge: instances, sub-instances and blobs go; running, failed and young jobs stay.</summary>
public sealed class PurgeJobTests
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Delete_FailedJob_RemovesItsInstanceSubInstancesAndBlobs(string engine)
    {
        await using var server = await ServerHost.StartAsync(OperatedJobs.Engine(engine));
        // The e-mail makes its ending a notification orchestration: a sub-instance to purge with it.
        var id = (await OperatedJobs.StartFailingAsync(server, 1, notifyEmail: "ops@example.com"))[0];
        var other = (await OperatedJobs.StartFailingAsync(server, 1, notifyEmail: "ops@example.com"))[0];
        await OperatedJobs.WaitForEndAsync(server, [id, other]);
        Assert.NotEmpty(await BlobsOfAsync(server, id));
        Assert.NotEmpty(await JobSubInstances.FindAsync(server.Client, id, null, CancellationToken.None));

        using var delete = await server.Http.DeleteAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));
        using var again = await server.Http.DeleteAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));
        using var get = await server.Http.GetAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Null(await server.Client.GetInstanceAsync(id));
        Assert.Empty(await JobSubInstances.FindAsync(server.Client, id, null, CancellationToken.None));
        Assert.Empty(await BlobsOfAsync(server, id));
        Assert.NotNull(await server.Client.GetInstanceAsync(other));
        Assert.NotEmpty(await BlobsOfAsync(server, other));
    }

    [Fact]
    public async Task Delete_FailedJobWhoseWebhookIsStillRetrying_TerminatesItsNotificationsAndPurgesThem()
    {
        // Nothing listens on port 9: the delivery fails and waits a minute for its next attempt.
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:SigningSecret"] = "whsec_" + Convert.ToBase64String(new byte[32]),
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:RetryDelays:0"] = "00:01:00",
        });
        var id = (await OperatedJobs.StartFailingAsync(server, 1, new { url = "http://127.0.0.1:9/hook" }))[0];
        await OperatedJobs.WaitForEndAsync(server, [id]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await JobSubInstances.FindAsync(server.Client, id, [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending], timeout.Token)).Count == 0)
        {
            await Task.Delay(100, timeout.Token);
        }

        using var delete = await server.Http.DeleteAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Null(await server.Client.GetInstanceAsync(id));
        Assert.Empty(await JobSubInstances.FindAsync(server.Client, id, null, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_RunningJob_Is409AndKeepsIt()
    {
        await using var sendGrid = await SendGridStandIn.StartAsync();
        sendGrid.Delay = TimeSpan.FromSeconds(3);
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid));
        var id = await OperatedJobs.StartAsync(server, new { subject = "Hi", text = "Hello", recipients = new[] { new { email = "a@example.com" } } });

        using var delete = await server.Http.DeleteAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.NotNull(await server.Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task Retention_PurgesOnlyCompletedJobsOlderThanTheSetting()
    {
        await using var server = await ServerHost.StartAsync();
        var failed = await OperatedJobs.StartFailingAsync(server, 2);
        var completed = new[] { await OperatedJobs.StartCompletingAsync(server), await OperatedJobs.StartCompletingAsync(server) };
        await OperatedJobs.WaitForEndAsync(server, [.. failed, .. completed]);
        var retention = server.Services.GetRequiredService<JobRetention>();
        var now = DateTimeOffset.UtcNow;

        var purgedAt29Days = await retention.PurgeExpiredAsync(server.Client, now.AddDays(29));
        var purgedAt31Days = await retention.PurgeExpiredAsync(server.Client, now.AddDays(31));

        Assert.Equal((0, 2), (purgedAt29Days, purgedAt31Days));
        Assert.All(completed, id => Assert.Null(server.Client.GetInstanceAsync(id).Result));
        Assert.All(failed, id => Assert.NotNull(server.Client.GetInstanceAsync(id).Result));
        Assert.Equal(2, await server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task Retention_TheSettingIsRead()
    {
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Jobs:RetentionDays"] = "1" });
        var completed = await OperatedJobs.StartCompletingAsync(server);
        await OperatedJobs.WaitForEndAsync(server, [completed]);

        var purged = await server.Services.GetRequiredService<JobRetention>().PurgeExpiredAsync(server.Client, DateTimeOffset.UtcNow.AddDays(2));

        Assert.Equal(1, purged);
    }

    private static async Task<List<string>> BlobsOfAsync(ServerHost server, string id)
    {
        var names = new List<string>();
        foreach (var prefix in new[] { BlobNames.JobPrefix(id), BlobNames.ResultsPrefix(id) })
        {
            await foreach (var name in server.Blobs.ListAsync(prefix))
            {
                names.Add(name);
            }
        }

        return names;
    }
}
