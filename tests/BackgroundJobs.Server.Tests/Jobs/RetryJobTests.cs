using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary><c>POST /api/jobs/{id}/retry</c> and <c>POST /api/jobs/retry</c>: a new, linked job with the old input, once per old job.</summary>
public sealed class RetryJobTests
{
    [Fact]
    public async Task Retry_FailedJob_StartsANewJobWithTheSameInput_LinkedBothWays_AndOnlyOnce()
    {
        await using var server = await ServerHost.StartAsync();
        var old = (await OperatedJobs.StartFailingAsync(server, 1))[0];
        await OperatedJobs.WaitForEndAsync(server, [old]);

        using var first = await server.Http.PostAsync(new Uri($"/api/jobs/{old}/retry", UriKind.Relative), null);
        using var second = await server.Http.PostAsync(new Uri($"/api/jobs/{old}/retry", UriKind.Relative), null);
        var newId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("newId").GetString()!;
        await OperatedJobs.WaitForEndAsync(server, [newId]);
        var oldJob = await OperatedJobs.GetAsync(server, $"/api/jobs/{old}");
        var newJob = await OperatedJobs.GetAsync(server, $"/api/jobs/{newId}");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(newId, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("newId").GetString());
        Assert.NotEqual(old, newId);
        Assert.Equal(newId, oldJob.GetProperty("retriedBy").GetString());
        Assert.Equal(old, newJob.GetProperty("retryOf").GetString());
        Assert.Equal(oldJob.GetProperty("input").GetRawText(), newJob.GetProperty("input").GetRawText());
        Assert.Equal("failed", newJob.GetProperty("status").GetString());
        Assert.Equal(2, await server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task Retry_CompletedJob_Is409AndStartsNothing()
    {
        await using var server = await ServerHost.StartAsync();
        var done = await OperatedJobs.StartCompletingAsync(server);
        await OperatedJobs.WaitForEndAsync(server, [done]);

        using var response = await server.Http.PostAsync(new Uri($"/api/jobs/{done}/retry", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(1, await server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task BulkRetry_FiftyFailedJobs_CappedPerCall_EachRetriedExactlyOnce()
    {
        await using var server = await ServerHost.StartAsync();
        var failed = await OperatedJobs.StartFailingAsync(server, 50);
        await OperatedJobs.WaitForEndAsync(server, failed);
        var before = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

        // Scoped to the jobs created before the first retry, so the retries (which fail again) are not picked up.
        var first = await BulkRetryAsync(server, new { status = "failed", type = "bulk-email", createdTo = before, limit = 30 });
        var second = await BulkRetryAsync(server, new { createdTo = before, limit = 30 });
        var third = await BulkRetryAsync(server, new { createdTo = before });

        Assert.Equal((30, 20, 0), (first.Count, second.Count, third.Count));
        var retried = first.Concat(second).ToList();
        Assert.Equal(failed.Order(), retried.Select(r => r.Id).Order());
        Assert.Equal(50, retried.Select(r => r.NewId).Distinct().Count());
        await OperatedJobs.WaitForEndAsync(server, retried.Select(r => r.NewId));
        var sample = await OperatedJobs.GetAsync(server, $"/api/jobs/{retried[0].NewId}");
        Assert.Equal(retried[0].Id, sample.GetProperty("retryOf").GetString());
        Assert.Equal(100, await server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task BulkRetry_CalledAgain_SkipsRetriesThatFailedToo_UnlessIncludeRetried()
    {
        await using var server = await ServerHost.StartAsync();
        var failed = await OperatedJobs.StartFailingAsync(server, 2);
        await OperatedJobs.WaitForEndAsync(server, failed);

        // No time bound: the retries fail the same way and match the filter like their originals.
        var first = await BulkRetryAsync(server, new { status = "failed" });
        await OperatedJobs.WaitForEndAsync(server, first.Select(r => r.NewId));
        var second = await BulkRetryAsync(server, new { status = "failed" });
        Assert.Empty(second);
        var third = await BulkRetryAsync(server, new { status = "failed", includeRetried = true });

        Assert.Equal(failed.Order(), first.Select(r => r.Id).Order());
        Assert.Equal(first.Select(r => r.NewId).Order(), third.Select(r => r.Id).Order());
        Assert.Equal(6, await server.CountInstancesAsync(jobsOnly: true));
    }

    private static async Task<List<(string Id, string NewId)>> BulkRetryAsync(ServerHost server, object body)
    {
        using var response = await server.PostJsonAsync("/api/jobs/retry", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.GetRawText());
        Assert.Equal(json.GetProperty("count").GetInt32(), json.GetProperty("retried").GetArrayLength());
        return [.. json.GetProperty("retried").EnumerateArray().Select(r => (r.GetProperty("id").GetString()!, r.GetProperty("newId").GetString()!))];
    }
}
