using System.Globalization;
using System.Text.Json;

namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary><c>GET /api/jobs</c> on both engines: newest first across pages, filters, and only jobs (never their notification instances).</summary>
public sealed class ListJobsTests
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task List_ThirtyJobsInPagesOfSeven_EveryJobOnceNewestFirst_WithItsError(string engine)
    {
        await using var server = await ServerHost.StartAsync(OperatedJobs.Engine(engine));
        var ids = await OperatedJobs.StartFailingAsync(server, 30);
        await OperatedJobs.WaitForEndAsync(server, ids);

        var items = new List<JsonElement>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await OperatedJobs.GetAsync(server, "/api/jobs?pageSize=7" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)));
            items.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(5, pages);
        Assert.Equal(ids.Order(), items.Select(i => i.GetProperty("id").GetString()).Order());
        var created = items.Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        Assert.Equal(created.OrderDescending(), created);
        Assert.All(items, i => Assert.Contains("No recipient was sent", i.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.All(items, i => Assert.Equal("failed", i.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task List_Filters_ByStatusTypeAndCreatedRange()
    {
        await using var server = await ServerHost.StartAsync();
        var failed = await OperatedJobs.StartFailingAsync(server, 6);
        var completed = await OperatedJobs.StartCompletingAsync(server);
        await OperatedJobs.WaitForEndAsync(server, [.. failed, completed]);
        var all = (await OperatedJobs.GetAsync(server, "/api/jobs")).GetProperty("items").EnumerateArray().ToList();
        var third = all[2].GetProperty("createdAt").GetDateTimeOffset().ToString("O", CultureInfo.InvariantCulture);

        var onlyCompleted = await IdsAsync(server, "/api/jobs?status=completed");
        var onlyFailed = await IdsAsync(server, "/api/jobs?status=failed&type=bulk-email");
        var noDocuments = await IdsAsync(server, "/api/jobs?type=documents");
        var newestThree = await IdsAsync(server, "/api/jobs?createdFrom=" + Uri.EscapeDataString(third));
        var olderThanThird = await IdsAsync(server, "/api/jobs?createdTo=" + Uri.EscapeDataString(third));

        Assert.Equal(7, all.Count);
        Assert.Equal([completed], onlyCompleted);
        Assert.Equal(failed.Order(), onlyFailed.Order());
        Assert.Empty(noDocuments);
        Assert.Equal(all.Take(3).Select(i => i.GetProperty("id").GetString()), newestThree);
        Assert.Equal(all.Skip(2).Select(i => i.GetProperty("id").GetString()), olderThanThird);
    }

    private static async Task<List<string?>> IdsAsync(ServerHost server, string path) =>
        [.. (await OperatedJobs.GetAsync(server, path)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())];
}
