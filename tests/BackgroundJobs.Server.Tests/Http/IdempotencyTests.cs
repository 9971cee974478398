using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

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
}
