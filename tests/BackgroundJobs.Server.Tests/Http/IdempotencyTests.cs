using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.TestHelpers;
using Microsoft.DurableTask;

namespace BackgroundJobs.Server.Tests.Http;

public class IdempotencyTests : IAsyncLifetime
{
    private static readonly object Body = new { subject = "Hi", text = "Hello", recipients = new[] { new { email = "a@example.com" } } };

    private ServerHost server = null!;

    public async Task InitializeAsync() => server = await ServerHost.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Start_SameKeyAndSameBody_ReturnsTheSameJob_AndStartsOnlyOne()
    {
        using var first = await server.PostJsonAsync("/api/jobs/bulk-email", Body, idempotencyKey: "order-42");
        using var second = await server.PostJsonAsync("/api/jobs/bulk-email", Body, idempotencyKey: "order-42");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(firstId, secondId);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task Start_SameKeyAndADifferentBody_Is422_AndStartsNothingNew()
    {
        using var first = await server.PostJsonAsync("/api/jobs/bulk-email", Body, idempotencyKey: "order-43");

        using var second = await server.PostJsonAsync("/api/jobs/bulk-email", new { subject = "Other", text = "Hello", recipients = new[] { new { email = "a@example.com" } } }, idempotencyKey: "order-43");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("Idempotency-Key", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await server.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task Start_NoKey_StartsANewJobEveryTime()
    {
        using var first = await server.PostJsonAsync("/api/jobs/bulk-email", Body);
        using var second = await server.PostJsonAsync("/api/jobs/bulk-email", Body);

        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
    }

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Start_ConcurrentRequestsWithOneKeyAndOneBody_AllAnswer202WithOneJob_AndStartOnlyOne(string engine)
    {
        await using var host = await StartAsync(engine);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => PostAsync(host, Body, "same-body-race")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.Status));
        Assert.Single(responses.Select(r => r.Id).Distinct());
        Assert.Equal(1, await host.CountInstancesAsync(jobsOnly: true));
    }

    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Start_ConcurrentRequestsWithOneKeyAndDifferentBodies_OnlyTheStoredBodyIsAccepted_TheOthersAre422(string engine)
    {
        await using var host = await StartAsync(engine);
        var subjects = Enumerable.Range(0, 16).Select(i => $"Subject {i}").ToArray();

        var responses = await Task.WhenAll(subjects.Select(subject =>
            PostAsync(host, new { subject, text = "Hello", recipients = new[] { new { email = "a@example.com" } } }, "different-body-race", subject)));

        var accepted = responses.Where(r => r.Status == HttpStatusCode.Accepted).ToArray();
        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Accepted or HttpStatusCode.UnprocessableEntity, $"{r.Subject}: {(int)r.Status} {r.Body}"));
        Assert.All(responses.Where(r => r.Status == HttpStatusCode.UnprocessableEntity), r => Assert.Contains("Idempotency-Key", r.Body, StringComparison.Ordinal));
        Assert.NotEmpty(accepted);
        var id = Assert.Single(accepted.Select(r => r.Id).Distinct());
        var instance = await host.Client.GetInstanceAsync(id!, getInputsAndOutputs: true);
        Assert.NotNull(instance);
        var storedSubject = JsonDocument.Parse(instance.SerializedInput!).RootElement.GetProperty("subject").GetString();
        Assert.All(accepted, r => Assert.Equal(storedSubject, r.Subject));
        Assert.Equal(1, await host.CountInstancesAsync(jobsOnly: true));
    }

    [Fact]
    public async Task Start_InvalidBodyWithAKey_StoresNothing_AndLeavesTheKeyFree()
    {
        using var invalid = await server.PostJsonAsync("/api/jobs/bulk-email", new { text = "Hello", recipients = new[] { new { email = "a@example.com" } } }, idempotencyKey: "order-46");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(0, server.CountBlobFiles());
        using var valid = await server.PostJsonAsync("/api/jobs/bulk-email", Body, idempotencyKey: "order-46");
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
    }

    [Fact]
    public async Task Start_KeyRecordedButItsJobNeverScheduled_SameBodySchedulesTheJob()
    {
        // What a winner leaves behind when its schedule call fails after the record was created.
        var key = "order-44";
        var id = JobStarter.InstanceIdFor(key);
        var record = new IdempotencyRecord(id, BulkEmailJob.Name, JobStarter.HashOf(AsRequest(Body)));
        Assert.True(await server.Blobs.TryCreateJsonAsync(BlobNames.IdempotencyRecord(id), record));

        using var response = await server.PostJsonAsync("/api/jobs/bulk-email", Body, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.NotNull(await server.Client.GetInstanceAsync(id));
    }

    private static async Task<ServerHost> StartAsync(string engine)
    {
        if (engine == "InMemory")
        {
            return await ServerHost.StartAsync();
        }

        await AzuriteEndpoint.EnsureRunningAsync();
        return await ServerHost.StartAsync(ServerHost.OnAzurite());
    }

    private static async Task<Answer> PostAsync(ServerHost host, object body, string key, string? subject = null)
    {
        using var response = await host.PostJsonAsync("/api/jobs/bulk-email", body, key);
        var text = await response.Content.ReadAsStringAsync();
        var id = response.StatusCode == HttpStatusCode.Accepted ? JsonDocument.Parse(text).RootElement.GetProperty("id").GetString() : null;
        return new Answer(response.StatusCode, id, subject, text);
    }

    private static BulkEmailRequest AsRequest(object body) =>
        JsonSerializer.Deserialize<BulkEmailRequest>(JsonSerializer.Serialize(body), JobJson.Options)!;

    private sealed record Answer(HttpStatusCode Status, string? Id, string? Subject, string Body);
}
