using System.Text.Json;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Infrastructure.Email;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackgroundJobs.Infrastructure.Tests.Email;

/// <summary>The real SendGrid SDK, wired as the hosts wire it, against a real HTTP stand-in.</summary>
public sealed class SendGridEmailSenderTests : IAsyncLifetime
{
    private static readonly EmailMessage HtmlMessage = new(
        From: null,
        Subject: "Hello {{name}}",
        Html: "<p>Your code is {{code}}, {{email}}</p>",
        Text: "Your code is {{code}}",
        TemplateId: null);

    private SendGridStandIn standIn = null!;
    private ServiceProvider? services;

    public async Task InitializeAsync() => standIn = await SendGridStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        await standIn.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_HtmlBatch_StandInSeesEachRecipientOnceWithTheirSubstitutions()
    {
        // Arrange
        var sender = CreateSender();
        var batch = new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(3));

        // Act
        var result = await sender.SendAsync(batch);

        // Assert
        Assert.Equal(EmailSendOutcome.Accepted, result.Outcome);
        Assert.Equal(202, result.StatusCode);
        Assert.Equal(1, standIn.AcceptedRequests);
        Assert.Equal(["user0@example.com", "user1@example.com", "user2@example.com"], standIn.AcceptedRecipients);
        var second = standIn.AcceptedMessages[1];
        Assert.Equal("User 1", second.Name);
        Assert.Equal("job-1:0", second.BatchId);
        Assert.Equal("user1@example.com", second.Substitutions["{{email}}"]);
        Assert.Equal("User 1", second.Substitutions["{{name}}"]);
        Assert.Equal("C1", second.Substitutions["{{code}}"]);
    }

    [Fact]
    public async Task SendAsync_TheRequestIsTheSdksOwn_WithOurBodyAsItsJsonContent()
    {
        // Arrange
        var sender = CreateSender(("Email:From", "jobs@example.org"));
        var batch = new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(2));

        // Act
        var result = await sender.SendAsync(batch);

        // Assert: the stand-in refuses a body not declared as JSON (415), as SendGrid does; the
        // user agent is the SDK's, so its request (URL, auth, headers) is what went out.
        Assert.Equal(EmailSendOutcome.Accepted, result.Outcome);
        Assert.StartsWith("sendgrid/", standIn.LastAcceptedUserAgent, StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(standIn.LastAcceptedBody!);
        using var written = SendGridMailBody.Write(batch, new EmailSenderAddress("jobs@example.org"), SendGridEmailSender.BatchIdArgument);
        using var expected = JsonDocument.Parse(written.WrittenMemory);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, sent.RootElement));
    }

    [Fact]
    public async Task SendAsync_MessageWithoutSender_SendsFromTheConfiguredAddress()
    {
        // Arrange
        var sender = CreateSender(("Email:From", "jobs@example.org"), ("Email:FromName", "Background Jobs"));

        // Act
        await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(1)));

        // Assert
        using var body = JsonDocument.Parse(standIn.LastAcceptedBody!);
        var from = body.RootElement.GetProperty("from");
        Assert.Equal("jobs@example.org", from.GetProperty("email").GetString());
        Assert.Equal("Background Jobs", from.GetProperty("name").GetString());
    }

    [Fact]
    public async Task SendAsync_TemplateMessage_SendsTemplateIdAndDynamicTemplateData()
    {
        // Arrange
        var sender = CreateSender();
        var message = new EmailMessage(new EmailSenderAddress("news@example.com", "News"), null, null, null, "d-123");

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-2:0", message, Recipients.Many(2)));

        // Assert
        Assert.Equal(EmailSendOutcome.Accepted, result.Outcome);
        using var body = JsonDocument.Parse(standIn.LastAcceptedBody!);
        Assert.Equal("d-123", body.RootElement.GetProperty("template_id").GetString());
        var data = standIn.AcceptedMessages[1].TemplateData;
        Assert.Equal("user1@example.com", data["email"]);
        Assert.Equal("User 1", data["name"]);
        Assert.Equal("C1", data["code"]);
        Assert.Empty(standIn.AcceptedMessages[1].Substitutions);
    }

    [Fact]
    public async Task SendAsync_ProviderAnswers429WithRetryAfterSeconds_ReturnsTransientWithThatDelay()
    {
        // Arrange
        var sender = CreateSender();
        standIn.EnqueueFault(429, retryAfter: TimeSpan.FromSeconds(7));

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(2)));

        // Assert
        Assert.Equal(EmailSendOutcome.Transient, result.Outcome);
        Assert.Equal(429, result.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
        Assert.Empty(standIn.AcceptedRecipients);
    }

    [Fact]
    public async Task SendAsync_ProviderAnswers429WithHttpDate_ReturnsTransientWithTheTimeLeftUntilThen()
    {
        // Arrange
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var sender = CreateSender(new FakeTimeProvider(now));
        var headers = new Dictionary<string, string> { ["Retry-After"] = now.AddSeconds(90).ToString("R") };
        standIn.EnqueueResponse(429, """{"errors":[{"message":"too many requests","field":null,"help":null}]}""", headers);

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(1)));

        // Assert
        Assert.Equal(EmailSendOutcome.Transient, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(90), result.RetryAfter);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task SendAsync_ProviderAnswers5xx_ReturnsUnknown_ForTheRequestMayHaveBeenPassedOn(int status)
    {
        // Arrange
        var sender = CreateSender();
        standIn.EnqueueFault(status);

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(2)));

        // Assert
        Assert.Equal(EmailSendOutcome.Unknown, result.Outcome);
        Assert.Equal(status, result.StatusCode);
        Assert.Equal("internal server error", result.Error);
    }

    [Fact]
    public async Task SendAsync_ProviderAnswers408_ReturnsTransient_ForItDidNotTakeTheRequest()
    {
        // Arrange
        var sender = CreateSender();
        standIn.EnqueueFault(408);

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(2)));

        // Assert
        Assert.Equal((EmailSendOutcome.Transient, (int?)408), (result.Outcome, result.StatusCode));
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedAfterTheRequestWasRead_ReturnsUnknown()
    {
        // Arrange
        var sender = CreateSender();
        var hold = standIn.HoldRequestAfter(0);

        // Act
        var sending = sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(2)));
        Assert.Equal("job-1:0", await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30)));
        hold.Release(providerTakesIt: false);
        var result = await sending;

        // Assert
        Assert.Equal(EmailSendOutcome.Unknown, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.StartsWith("SendGrid's answer was lost", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ProviderAnswers400_ReturnsRejectedWithTheProvidersMessage()
    {
        // Arrange
        var sender = CreateSender();
        standIn.EnqueueFault(400, "The from email does not contain a valid address.");

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(2)));

        // Assert
        Assert.Equal(EmailSendOutcome.Rejected, result.Outcome);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("The from email does not contain a valid address.", result.Error);
    }

    [Fact]
    public async Task SendAsync_ProviderSlowerThanTheTimeout_ReturnsUnknownInTime_AndTheProviderStillTakesIt()
    {
        // Arrange
        var sender = CreateSender(("SendGrid:TimeoutSeconds", "1"));
        standIn.Delay = TimeSpan.FromSeconds(3);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(2)));
        var elapsed = clock.Elapsed;

        // Assert
        Assert.Equal(EmailSendOutcome.Unknown, result.Outcome);
        Assert.Contains("did not answer within 1 s", result.Error, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.9));
        await Eventually.HoldsAsync(() => standIn.CountOf("user0@example.com") == 1, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsRatherThanCallingItTransient()
    {
        // Arrange
        var sender = CreateSender();
        standIn.Delay = TimeSpan.FromSeconds(10);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // Act + Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(1)), cancel.Token));
    }

    [Fact]
    public async Task SendAsync_ProviderNotListening_ReturnsTransient()
    {
        // Arrange
        var sender = CreateSender();
        await standIn.StopAsync();

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(1)));

        // Assert
        Assert.Equal(EmailSendOutcome.Transient, result.Outcome);
        Assert.Contains("could not be reached", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_HostNameDoesNotResolve_ReturnsTransient()
    {
        // Arrange: .invalid never resolves (RFC 2606), so the request never leaves.
        var sender = CreateSender(("SendGrid:BaseUrl", "http://backgroundjobs-test.invalid"));

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(1)));

        // Assert
        Assert.Equal(EmailSendOutcome.Transient, result.Outcome);
        Assert.Contains("could not be reached", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_1000Recipients_AcceptedInOneRequest()
    {
        // Arrange
        var sender = CreateSender();

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(1000)));

        // Assert
        Assert.Equal(EmailSendOutcome.Accepted, result.Outcome);
        Assert.Equal(1, standIn.Requests);
        Assert.Equal(1000, standIn.AcceptedRecipients.Distinct().Count());
        Assert.Equal(1, standIn.CountOf("user999@example.com"));
    }

    [Fact]
    public async Task SendAsync_1001Recipients_RejectedByTheProvider()
    {
        // Arrange
        var sender = CreateSender();

        // Act
        var result = await sender.SendAsync(new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(1001)));

        // Assert
        Assert.Equal(EmailSendOutcome.Rejected, result.Outcome);
        Assert.Equal(400, result.StatusCode);
        Assert.Contains("1000 personalizations", result.Error, StringComparison.Ordinal);
        Assert.Empty(standIn.AcceptedRecipients);
    }

    [Fact]
    public async Task SendAsync_RunOfFailures_TransientUntilTheRunEndsThenAccepted()
    {
        // Arrange
        var sender = CreateSender();
        standIn.FailNextRequests(2, 429, TimeSpan.FromSeconds(2));
        var batch = new EmailBatch("job-1:0", HtmlMessage, Recipients.Many(2));

        // Act
        var results = new List<EmailSendResult>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            results.Add(await sender.SendAsync(batch));
        }

        // Assert
        Assert.Equal([EmailSendOutcome.Transient, EmailSendOutcome.Transient, EmailSendOutcome.Accepted], results.Select(r => r.Outcome));
        Assert.Equal(TimeSpan.FromSeconds(2), results[0].RetryAfter);
        Assert.Equal(1, standIn.CountOf("user0@example.com"));
    }

    private IEmailSender CreateSender(params (string Key, string Value)[] settings) => CreateSender(null, settings);

    private IEmailSender CreateSender(TimeProvider? timeProvider, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SendGrid:ApiKey"] = "SG.test-key",
                ["SendGrid:BaseUrl"] = standIn.BaseUrl,
            })
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var collection = new ServiceCollection().AddLogging();
        if (timeProvider is not null)
        {
            collection.AddSingleton(timeProvider);
        }

        services = collection.AddBackgroundJobsInfrastructure(configuration).BuildServiceProvider(validateScopes: true);
        return services.GetRequiredService<IEmailSender>();
    }
}
