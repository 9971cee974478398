using BackgroundJobs.Core.Email;
using BackgroundJobs.Infrastructure.Email;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Infrastructure.Tests.Email;

/// <summary>
/// The Email Activity lookup, wired as the hosts wire it, against the SendGrid stand-in: a batch the
/// stand-in accepted is found by the batch id the sender put in its <c>custom_args</c>, and the
/// service's lag, rate limit, missing add-on and outages come back as what the caller must do.
/// </summary>
public sealed class SendGridDeliveryLookupTests : IAsyncLifetime
{
    private static readonly EmailMessage Message = new(From: null, Subject: "Hello", Html: null, Text: "Hi", TemplateId: null);

    private SendGridStandIn standIn = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        standIn = await SendGridStandIn.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SendGrid:ApiKey"] = "SG.test-key",
                ["SendGrid:BaseUrl"] = standIn.BaseUrl,
                ["SendGrid:EmailActivityLookup"] = "true",
                ["SendGrid:TimeoutSeconds"] = "2",
            })
            .Build();
        services = new ServiceCollection().AddLogging().AddBackgroundJobsInfrastructure(configuration).BuildServiceProvider(validateScopes: true);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await standIn.DisposeAsync();
    }

    private IEmailSender Sender => services.GetRequiredService<IEmailSender>();

    private IEmailDeliveryLookup Lookup => services.GetRequiredService<IEmailDeliveryLookup>();

    [Fact]
    public async Task FindBatchAsync_BatchTheProviderAccepted_IsFound_AnotherIsNot()
    {
        // Arrange
        await Sender.SendAsync(new EmailBatch("job-1:r1:3", Message, Recipients.Many(3)));

        // Act
        var sent = await Lookup.FindBatchAsync("job-1:r1:3");
        var neverSent = await Lookup.FindBatchAsync("job-1:r1:4");

        // Assert
        Assert.Equal(EmailDeliveryLookupOutcome.Found, sent.Outcome);
        Assert.Equal(EmailDeliveryLookupOutcome.NotFound, neverSent.Outcome);
        Assert.Equal(2, standIn.ActivityRequests);
    }

    [Fact]
    public async Task FindBatchAsync_RequestHeldWhileTheSenderGaveUp_FoundIfTheProviderTookIt_NotFoundIfItDroppedIt()
    {
        // Arrange: the sender's request is in flight when its caller goes away (as a killed server would).
        var taken = standIn.HoldRequestAfter(0);
        using (var abandon = new CancellationTokenSource())
        {
            var sending = Sender.SendAsync(new EmailBatch("job-1:r1:0", Message, Recipients.Many(2)), abandon.Token);
            Assert.Equal("job-1:r1:0", await taken.Reached.WaitAsync(TimeSpan.FromSeconds(10)));
            await abandon.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        }

        taken.Release(providerTakesIt: true);
        var dropped = standIn.HoldRequestAfter(1);
        var droppedSend = Sender.SendAsync(new EmailBatch("job-1:r1:1", Message, Recipients.Many(2)));
        await dropped.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        dropped.Release(providerTakesIt: false);
        await droppedSend;
        await Eventually.HoldsAsync(() => standIn.AcceptedRequests == 1, TimeSpan.FromSeconds(10));

        // Act
        var first = await Lookup.FindBatchAsync("job-1:r1:0");
        var second = await Lookup.FindBatchAsync("job-1:r1:1");

        // Assert
        Assert.Equal(EmailDeliveryLookupOutcome.Found, first.Outcome);
        Assert.Equal(EmailDeliveryLookupOutcome.NotFound, second.Outcome);
    }

    [Fact]
    public async Task FindBatchAsync_BeforeTheActivityFeedCaughtUp_SaysNotFound_ThenFound()
    {
        // Arrange
        standIn.ActivityLag = TimeSpan.FromSeconds(2);
        await Sender.SendAsync(new EmailBatch("job-1:r1:0", Message, Recipients.Many(1)));

        // Act
        var early = await Lookup.FindBatchAsync("job-1:r1:0");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var later = await Lookup.FindBatchAsync("job-1:r1:0");

        // Assert: why a "not found" is only trusted after BulkEmail:DeliveryLookupSettleDelay.
        Assert.Equal(EmailDeliveryLookupOutcome.NotFound, early.Outcome);
        Assert.Equal(EmailDeliveryLookupOutcome.Found, later.Outcome);
    }

    [Fact]
    public async Task FindBatchAsync_SeventhRequestInAMinute_IsUnavailableUntilTheRateLimitResets()
    {
        // Arrange
        var answers = new List<EmailDeliveryLookupResult>();

        // Act
        for (var i = 0; i < 7; i++)
        {
            answers.Add(await Lookup.FindBatchAsync($"job-1:r1:{i}"));
        }

        // Assert
        Assert.All(answers.Take(answers.Count - 1), a => Assert.NotEqual(EmailDeliveryLookupOutcome.Unavailable, a.Outcome));
        var limited = answers[^1];
        Assert.Equal(EmailDeliveryLookupOutcome.Unavailable, limited.Outcome);
        Assert.Equal(429, limited.StatusCode);
        Assert.NotNull(limited.RetryAfter);
        Assert.InRange(limited.RetryAfter!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task FindBatchAsync_AccountWithoutTheEmailActivityAddOn_IsNotSupported()
    {
        // Arrange
        standIn.EmailActivityAddOn = false;

        // Act
        var answer = await Lookup.FindBatchAsync("job-1:r1:0");

        // Assert
        Assert.Equal(EmailDeliveryLookupOutcome.NotSupported, answer.Outcome);
        Assert.Equal(403, answer.StatusCode);
        Assert.Contains("forbidden", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindBatchAsync_ProviderDownOrFailing_IsUnavailable()
    {
        // Arrange
        standIn.OutageStatus = null;
        await standIn.StopAsync();

        // Act
        var down = await Lookup.FindBatchAsync("job-1:r1:0");

        // Assert
        Assert.Equal(EmailDeliveryLookupOutcome.Unavailable, down.Outcome);
        Assert.Contains("could not be reached", down.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryFor_BatchId_IsTheActivityQueryOnTheCustomArgument()
    {
        Assert.Equal("unique_args['batchId']=\"job-1:r1:7\"", SendGridDeliveryLookup.QueryFor("job-1:r1:7"));
    }
}
