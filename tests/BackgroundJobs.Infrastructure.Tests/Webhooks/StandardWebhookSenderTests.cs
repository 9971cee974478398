using BackgroundJobs.Core.Notifications;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace BackgroundJobs.Infrastructure.Tests.Webhooks;

/// <summary>The webhook sender as the hosts wire it, against a real HTTP receiver that verifies with the package's verifier.</summary>
public sealed class StandardWebhookSenderTests : IAsyncLifetime
{
    private readonly string currentSecret = TestSecrets.NewSigningSecret();
    private readonly string previousSecret = TestSecrets.NewSigningSecret();
    private WebhookReceiver receiver = null!;
    private ServiceProvider? services;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_Delivered_ReceiverVerifiesTheSignature_AndSeesTheIdAndTimestamp()
    {
        var sender = CreateSender();
        var message = new WebhookMessage(receiver.Url, "evt_1", DateTimeOffset.UtcNow, """{"type":"job.completed"}""");

        var response = await sender.SendAsync(message);

        Assert.True(response.IsSuccess, response.Error);
        var received = Assert.Single(receiver.Received);
        Assert.Equal("evt_1", received.Id);
        Assert.Equal(message.Timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["webhook-timestamp"]);
        Assert.Equal(message.Payload, received.Body);
        new StandardWebhook(currentSecret).Verify(received.Body, received.ToHeaderDictionary());
    }

    [Fact]
    public async Task SendAsync_DuringRotation_BothTheOldAndTheNewSecretVerify_AndAnUnrelatedOneDoesNot()
    {
        var sender = CreateSender(("Webhooks:PreviousSigningSecrets:0", previousSecret));

        await sender.SendAsync(new WebhookMessage(receiver.Url, "evt_2", DateTimeOffset.UtcNow, "{}"));

        // The header lists one signature per active secret, the current one first. The package's
        // verifier (1.1.2) compares only the first entry of the list, although the specification
        // lets a receiver match any; so each signature is also verified on its own.
        var received = Assert.Single(receiver.Received);
        var signatures = received.Headers["webhook-signature"].Split(' ');
        Assert.Equal(2, signatures.Length);
        new StandardWebhook(currentSecret).Verify(received.Body, received.ToHeaderDictionary());
        new StandardWebhook(currentSecret).Verify(received.Body, WithSignature(received, signatures[0]));
        new StandardWebhook(previousSecret).Verify(received.Body, WithSignature(received, signatures[1]));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(previousSecret).Verify(received.Body, WithSignature(received, signatures[0])));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(TestSecrets.NewSigningSecret()).Verify(received.Body, received.ToHeaderDictionary()));
    }

    private static Microsoft.AspNetCore.Http.IHeaderDictionary WithSignature(ReceivedWebhook received, string signature)
    {
        var headers = received.ToHeaderDictionary();
        headers["webhook-signature"] = signature;
        return headers;
    }

    [Fact]
    public async Task SendAsync_TooManyRequests_ReportsTheStatusAndRetryAfter()
    {
        receiver.Script(new WebhookReceiver.Answer(429, RetryAfterSeconds: 7));
        var sender = CreateSender();

        var response = await sender.SendAsync(new WebhookMessage(receiver.Url, "evt_3", DateTimeOffset.UtcNow, "{}"));

        Assert.False(response.IsSuccess);
        Assert.Equal(429, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_SlowReceiver_GivesUpAfterTheAttemptTimeout()
    {
        receiver.Script(new WebhookReceiver.Answer(200, Delay: TimeSpan.FromSeconds(10)));
        var sender = CreateSender(("Webhooks:AttemptTimeoutSeconds", "1"));

        var response = await sender.SendAsync(new WebhookMessage(receiver.Url, "evt_4", DateTimeOffset.UtcNow, "{}"));

        Assert.Null(response.StatusCode);
        Assert.Contains("No response within 1 s", response.Error, StringComparison.Ordinal);
        Assert.InRange(response.Latency, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SendAsync_RedirectToAPrivateAddress_IsNotFollowed()
    {
        // The redirect target is a second local server standing in for an internal service.
        await using var internalService = await WebhookReceiver.StartAsync();
        receiver.Script(new WebhookReceiver.Answer(302, Location: internalService.Url));
        var sender = CreateSender();

        var response = await sender.SendAsync(new WebhookMessage(receiver.Url, "evt_5", DateTimeOffset.UtcNow, "{}"));

        Assert.False(response.IsSuccess);
        Assert.Equal(302, response.StatusCode);
        Assert.Contains("not followed", response.Error, StringComparison.Ordinal);
        Assert.Empty(internalService.Received);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task SendAsync_PrivateNetworksNotAllowed_RefusesToConnectToLoopback_AndSendsNothing(string host)
    {
        var sender = CreateSender(("Webhooks:AllowPrivateNetworks", "false"));
        var url = new UriBuilder(receiver.Url) { Host = host }.Uri.ToString();

        var response = await sender.SendAsync(new WebhookMessage(url, "evt_6", DateTimeOffset.UtcNow, "{}"));

        Assert.Null(response.StatusCode);
        Assert.Contains("loopback, private, link-local or metadata address", response.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    private IWebhookSender CreateSender(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Webhooks:SigningSecret"] = currentSecret,
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:AllowHttp"] = "true",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        services = new ServiceCollection().AddLogging().AddBackgroundJobsInfrastructure(configuration).BuildServiceProvider();
        return services.GetRequiredService<IWebhookSender>();
    }
}
