using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace BackgroundJobs.Core.Tests.Notifications;

public class AttemptWebhookDeliveryActivityTests
{
    private const string Url = "https://client.example/hooks";

    private readonly InMemoryBlobStore blobs = new();
    private readonly Mock<IWebhookSender> sender = new();
    private readonly Mock<ICallbackUrlGuard> guard = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly List<WebhookMessage> sent = [];

    public AttemptWebhookDeliveryActivityTests()
    {
        guard.Setup(g => g.CheckAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);
    }

    [Fact]
    public async Task RunAsync_Receiver2xx_RecordsADeliveredAttempt_WithTheEventsIdAndBody()
    {
        var delivery = await DeliveryAsync("evt_1");
        ReceiverAnswers(new WebhookResponse(204, TimeSpan.FromMilliseconds(42)));

        var outcome = await RunAsync("evt_1", isLast: false);

        Assert.Equal(WebhookDeliveryStatus.Delivered, outcome.Status);
        var stored = await StoredAsync("evt_1");
        var attempt = Assert.Single(stored.Attempts);
        Assert.Equal((1, 204, 42L, (string?)null), (attempt.Number, attempt.StatusCode, attempt.LatencyMs, attempt.Error));
        Assert.Null(stored.NextAttemptAt);
        var message = Assert.Single(sent);
        Assert.Equal((delivery.Id, delivery.Payload, time.GetUtcNow()), (message.Id, message.Payload, message.Timestamp));
    }

    [Fact]
    public async Task RunAsync_Receiver5xx_StaysPendingWithTheNextAttemptTime_ThenFailsOnTheLastAttempt()
    {
        await DeliveryAsync("evt_2");
        ReceiverAnswers(new WebhookResponse(503, TimeSpan.FromMilliseconds(5), RetryAfter: TimeSpan.FromMinutes(3), Error: "HTTP 503"));

        var first = await RunAsync("evt_2", isLast: false, nextDelay: TimeSpan.FromMinutes(1));
        var last = await RunAsync("evt_2", isLast: true);

        Assert.Equal(WebhookDeliveryStatus.Pending, first.Status);
        Assert.Equal(time.GetUtcNow().AddMinutes(3), first.RetryNotBefore);
        Assert.Equal(WebhookDeliveryStatus.Failed, last.Status);
        var stored = await StoredAsync("evt_2");
        Assert.Equal([1, 2], stored.Attempts.Select(a => a.Number));
        Assert.All(stored.Attempts, a => Assert.Equal("HTTP 503", a.Error));
        Assert.Equal(WebhookDeliveryStatus.Failed, stored.Status);
    }

    [Fact]
    public async Task RunAsync_Receiver410_IsGone_AndALaterDeliveryToThatUrlIsNotSent()
    {
        await DeliveryAsync("evt_3");
        await DeliveryAsync("evt_4");
        ReceiverAnswers(new WebhookResponse(410, TimeSpan.FromMilliseconds(5), Error: "HTTP 410"));

        var gone = await RunAsync("evt_3", isLast: false);
        var later = await RunAsync("evt_4", isLast: false);

        Assert.Equal(WebhookDeliveryStatus.Gone, gone.Status);
        Assert.Equal(WebhookDeliveryStatus.Gone, later.Status);
        Assert.Single(sent);
        Assert.Contains("410 Gone", (await StoredAsync("evt_4")).Attempts.Single().Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UrlNowResolvesPrivately_IsRefusedWithoutSending()
    {
        await DeliveryAsync("evt_5");
        guard.Setup(g => g.CheckAsync(Url, It.IsAny<CancellationToken>())).ReturnsAsync("the host resolves to 10.0.0.7");

        var outcome = await RunAsync("evt_5", isLast: false);

        Assert.Equal(WebhookDeliveryStatus.Refused, outcome.Status);
        Assert.Empty(sent);
        Assert.Contains("10.0.0.7", (await StoredAsync("evt_5")).Attempts.Single().Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AlreadyDelivered_ALostCompletionDoesNotSendAgain()
    {
        await DeliveryAsync("evt_6");
        ReceiverAnswers(new WebhookResponse(200, TimeSpan.FromMilliseconds(5)));
        await RunAsync("evt_6", isLast: false);

        var again = await RunAsync("evt_6", isLast: false);

        Assert.Equal(WebhookDeliveryStatus.Delivered, again.Status);
        Assert.Single(sent);
    }

    private async Task<WebhookDelivery> DeliveryAsync(string id)
    {
        var delivery = new WebhookDelivery(id, "job-1", JobEventTypes.Completed, Url, $$"""{"id":"{{id}}"}""", WebhookDeliveryStatus.Pending, time.GetUtcNow(), []);
        await blobs.WriteJsonAsync(BlobNames.WebhookDelivery("job-1", id), delivery);
        return delivery;
    }

    private async Task<WebhookDelivery> StoredAsync(string id) =>
        (await blobs.ReadJsonAsync<WebhookDelivery>(BlobNames.WebhookDelivery("job-1", id)))!;

    private void ReceiverAnswers(WebhookResponse response) =>
        sender.Setup(s => s.SendAsync(It.IsAny<WebhookMessage>(), It.IsAny<CancellationToken>()))
            .Callback<WebhookMessage, CancellationToken>((message, _) => sent.Add(message))
            .ReturnsAsync(response);

    private Task<WebhookAttemptOutcome> RunAsync(string id, bool isLast, TimeSpan? nextDelay = null) =>
        new AttemptWebhookDeliveryActivity(blobs, guard.Object, sender.Object, time, NullLogger<AttemptWebhookDeliveryActivity>.Instance)
            .RunAsync(Mock.Of<TaskActivityContext>(), new WebhookAttemptInput("job-1", id, isLast, isLast ? null : nextDelay ?? TimeSpan.FromMinutes(1)));
}
