using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackgroundJobs.Server.Tests.Jobs;

/// <summary>
/// A job that failed in an activity, as <c>GET /api/jobs</c> and <c>GET /api/jobs/{id}</c> show it:
/// the root error (not the engine's <c>TaskFailedException: Task 'X' (#0) failed ...</c> wrapper),
/// the task, and once retried, the retry.
/// </summary>
public sealed class FailedJobsListTests
{
    private const string Wrapper = "Microsoft.DurableTask.TaskFailedException";

    [Fact]
    public async Task ListAndGet_JobFailedInAnActivity_ShowTheRootErrorAndTheTask_AndTheRetryOnceRetried()
    {
        await using var server = await ServerHost.StartAsync();
        var id = await StartFailingInAnActivityAsync(server);

        var item = Assert.Single((await OperatedJobs.GetAsync(server, "/api/jobs?status=failed")).GetProperty("items").EnumerateArray());
        var job = await OperatedJobs.GetAsync(server, $"/api/jobs/{id}");

        foreach (var view in new[] { item, job })
        {
            var error = view.GetProperty("error");
            Assert.Equal(typeof(Core.Jobs.InvalidJobInputException).FullName, error.GetProperty("type").GetString());
            Assert.DoesNotContain("Task 'InspectDocumentActivity'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Contains("PDF", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            var failure = view.GetProperty("failure");
            Assert.Equal("InspectDocumentActivity", failure.GetProperty("task").GetString());
            Assert.Equal((error.GetProperty("type").GetString(), error.GetProperty("message").GetString()), (failure.GetProperty("errorType").GetString(), failure.GetProperty("errorMessage").GetString()));
            Assert.NotEqual(Wrapper, failure.GetProperty("errorType").GetString());
            Assert.False(view.TryGetProperty("retriedBy", out var retriedBy) && retriedBy.ValueKind != JsonValueKind.Null);
        }

        using var retry = await server.Http.PostAsync(new Uri($"/api/jobs/{id}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var newId = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("newId").GetString();

        var listed = (await OperatedJobs.GetAsync(server, "/api/jobs")).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);
        Assert.Equal(newId, listed.GetProperty("retriedBy").GetString());
    }

    /// <summary>A "PDF" that is text: the document job's inspect activity refuses it, and the job fails there.</summary>
    internal static async Task<string> StartFailingInAnActivityAsync(ServerHost server)
    {
        var blob = await server.UploadAsync("just some text that claims to be a PDF"u8.ToArray(), "application/pdf");
        using var start = await server.PostJsonAsync("/api/jobs/documents", new { blob });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await OperatedJobs.WaitForEndAsync(server, [id]);
        return id;
    }
}
