using System.Text.Json;
using Azure.Messaging.ServiceBus;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Infrastructure.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace BackgroundJobs.Infrastructure.Tests.Events;

/// <summary>
/// The publisher against a mocked <see cref="ServiceBusSender"/>, as the Azure SDK's testing guidance
/// recommends (its members are virtual for this); no Service Bus or emulator runs here.
/// </summary>
public sealed class ServiceBusJobEventPublisherTests
{
    private static readonly JobEvent Failed = new(
        JobEvent.CurrentVersion,
        "evt_0123",
        JobEventTypes.Failed,
        new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero),
        new JobEventData("job-9", "bulk-email", JobStatus.Failed, null, new JobError("BackgroundJobs.JobTypes.BulkEmail.BulkEmailFailedException", "No recipient was sent"), null));

    [Fact]
    public async Task PublishAsync_SendsOneMessage_WithTheEventIdSubjectPropertiesAndBody()
    {
        var sender = new Mock<ServiceBusSender>();
        ServiceBusMessage? sent = null;
        sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessage, CancellationToken>((message, _) => sent = message)
            .Returns(Task.CompletedTask);

        await new ServiceBusJobEventPublisher(sender.Object).PublishAsync(Failed);

        sender.Verify(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.NotNull(sent);
        Assert.Equal("evt_0123", sent.MessageId);
        Assert.Equal("job.failed", sent.Subject);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("job-9", sent.CorrelationId);
        Assert.Equal("bulk-email", sent.ApplicationProperties["jobType"]);
        Assert.Equal("failed", sent.ApplicationProperties["status"]);
        Assert.Equal("job-9", sent.ApplicationProperties["jobId"]);
        using var body = JsonDocument.Parse(sent.Body.ToString());
        Assert.Equal("evt_0123", body.RootElement.GetProperty("id").GetString());
        Assert.Equal("failed", body.RootElement.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("No recipient was sent", body.RootElement.GetProperty("data").GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task PublishAsync_TransientServiceBusError_BecomesARetryableFailure()
    {
        var sender = new Mock<ServiceBusSender>();
        sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException(isTransient: true, "busy", reason: ServiceBusFailureReason.ServiceBusy));

        var error = await Assert.ThrowsAsync<TransientFailureException>(() => new ServiceBusJobEventPublisher(sender.Object).PublishAsync(Failed));

        Assert.Contains("ServiceBusy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_PermanentServiceBusError_IsNotDisguisedAsTransient()
    {
        var sender = new Mock<ServiceBusSender>();
        sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException(isTransient: false, "no such topic", reason: ServiceBusFailureReason.MessagingEntityNotFound));

        await Assert.ThrowsAsync<ServiceBusException>(() => new ServiceBusJobEventPublisher(sender.Object).PublishAsync(Failed));
    }

    [Fact]
    public void AddBackgroundJobsInfrastructure_ServiceBusConfigured_PublishesThroughServiceBus_ElseNot()
    {
        static IJobEventPublisher Resolve(Dictionary<string, string?> settings) =>
            new ServiceCollection().AddLogging()
                .AddBackgroundJobsInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
                .BuildServiceProvider()
                .GetRequiredService<IJobEventPublisher>();

        // A syntactically valid connection string; no connection is made until a message is sent.
        var configured = Resolve(new()
        {
            ["ServiceBus:ConnectionString"] = "Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=not-a-real-key",
            ["ServiceBus:Topic"] = "job-events",
        });
        var unconfigured = Resolve(new() { ["ServiceBus:Topic"] = "job-events" });

        Assert.IsType<ServiceBusJobEventPublisher>(configured);
        Assert.True(configured.IsEnabled);
        Assert.False(unconfigured.IsEnabled);
    }
}
