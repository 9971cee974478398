using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.Server.Tests.Jobs;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.BulkEmail;

/// <summary>
/// A bulk e-mail request near the 1 MB body limit (1,000 inline recipients, large HTML and text) is
/// stored once as <c>jobs/{id}/request.json</c>; the orchestration carries only a reference, so
/// replays and status reads stay small. The job still runs, shows its input, retries and purges.
/// </summary>
public sealed class LargeBulkEmailInputTests
{
    private const int Recipients = 1000;

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task LargeRequest_TravelsByReference_RunsShowsItsInputRetriesAndIsPurged(string engine)
    {
        // Arrange: the provider refuses the one batch, so the job fails and can be retried.
        await using var sendGrid = await SendGridStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(ServerHost.WithSendGrid(sendGrid, OperatedJobs.Engine(engine)));
        var html = "<p>" + new string('h', 250 * 1024) + "</p>";
        var text = new string('t', 250 * 1024);
        var body = LargeBody("Large");
        Assert.InRange(JsonSerializer.SerializeToUtf8Bytes(body).Length, 700 * 1024, 1024 * 1024);
        sendGrid.FailNextRequests(1, 400);

        // Act: start, fail, look.
        var id = await OperatedJobs.StartAsync(server, body);
        await OperatedJobs.WaitForEndAsync(server, [id]);
        var failed = await OperatedJobs.GetAsync(server, $"/api/jobs/{id}");

        // Assert: small orchestration input, the request stored once, the view shows the whole (redacted) input.
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var instance = await server.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.True(instance!.SerializedInput!.Length < 16 * 1024, $"orchestration input is {instance.SerializedInput.Length} characters");
        Assert.True(await server.Blobs.ExistsAsync($"jobs/{id}/request.json"));
        var input = failed.GetProperty("input");
        Assert.Equal(Recipients, input.GetProperty("recipients").GetArrayLength());
        Assert.Equal("r0999@example.com", input.GetProperty("recipients")[Recipients - 1].GetProperty("email").GetString());
        Assert.Equal(html, input.GetProperty("html").GetString());
        Assert.Equal(text, input.GetProperty("text").GetString());
        Assert.False(input.TryGetProperty("requestBlob", out _), "the view shows the request as the client sent it");

        // Act: retry (the provider accepts now), then purge the old job.
        using var retry = await server.Http.PostAsync(new Uri($"/api/jobs/{id}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var newId = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("newId").GetString()!;
        using var purge = await server.Http.DeleteAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));
        await OperatedJobs.WaitForEndAsync(server, [newId]);
        var retried = await OperatedJobs.GetAsync(server, $"/api/jobs/{newId}");

        // Assert: the retry ran the whole original request from its own copy, unharmed by the purge.
        Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        Assert.False(await server.Blobs.ExistsAsync($"jobs/{id}/request.json"), "purge deletes the stored request");
        Assert.True(retried.GetProperty("status").GetString() == "completed", retried.GetRawText());
        Assert.Equal(Recipients, sendGrid.AcceptedRecipients.Count);
        Assert.Equal(Recipients, sendGrid.AcceptedRecipients.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        using var sent = JsonDocument.Parse(sendGrid.LastAcceptedBody!);
        Assert.Contains(sent.RootElement.GetProperty("content").EnumerateArray(), c => c.GetProperty("value").GetString() == html);
        var retriedInstance = await server.Client.GetInstanceAsync(newId, getInputsAndOutputs: true);
        Assert.True(retriedInstance!.SerializedInput!.Length < 16 * 1024, $"the retry's orchestration input is {retriedInstance.SerializedInput.Length} characters");
        Assert.True(await server.Blobs.ExistsAsync($"jobs/{newId}/request.json"));
    }

    [Fact]
    public async Task LargeRequest_WithAnIdempotencyKey_SameBodyIsTheSameJob_ADifferentBodyIs422()
    {
        // Arrange
        await using var server = await ServerHost.StartAsync();
        var body = LargeBody("Large");

        // Act
        using var first = await server.PostJsonAsync("/api/jobs/bulk-email", body, idempotencyKey: "large-1");
        using var again = await server.PostJsonAsync("/api/jobs/bulk-email", body, idempotencyKey: "large-1");
        using var changed = await server.PostJsonAsync("/api/jobs/bulk-email", LargeBody("Changed"), idempotencyKey: "large-1");

        // Assert: the comparison is of the whole request, not of the reference the job carries.
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Equal(1, await server.CountInstancesAsync(jobsOnly: true));
        var instance = await server.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Contains("\"requestBlob\"", instance!.SerializedInput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmallRequest_StaysInline_NothingStored()
    {
        // Arrange
        await using var server = await ServerHost.StartAsync();

        // Act
        var id = await OperatedJobs.StartCompletingAsync(server);
        await OperatedJobs.WaitForEndAsync(server, [id]);

        // Assert
        var instance = await server.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Contains("a@example.com", instance!.SerializedInput, StringComparison.Ordinal);
        Assert.DoesNotContain("requestBlob", instance.SerializedInput, StringComparison.Ordinal);
        Assert.False(await server.Blobs.ExistsAsync($"jobs/{id}/request.json"));
    }

    [Fact]
    public async Task Start_RequestBlobFromAClient_IsRefusedNamingTheField()
    {
        // Arrange
        await using var server = await ServerHost.StartAsync();

        // Act + Assert: only the server points a job at a stored request.
        await server.AssertRefusedAsync(
            "/api/jobs/bulk-email",
            "application/json",
            """{"subject":"Hi","text":"Hello","recipients":[{"email":"a@example.com"}],"requestBlob":"jobs/other/request.json"}""",
            400,
            "requestBlob",
            "a client must not point a job at another job's stored request");
    }

    private static object LargeBody(string subject) => new
    {
        subject,
        html = "<p>" + new string('h', 250 * 1024) + "</p>",
        text = new string('t', 250 * 1024),
        batchSize = Recipients,
        recipients = Enumerable.Range(0, Recipients).Select(i => new { email = $"r{i:D4}@example.com", name = $"Recipient {i:D4} " + new string('n', 200) }).ToArray(),
    };
}
