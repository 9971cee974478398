using Azure.Messaging.ServiceBus;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;

namespace BackgroundJobs.Infrastructure.Events;

/// <summary>
/// Publishes job events to the Service Bus topic. <c>MessageId</c> is the event id, so the topic's
/// duplicate detection drops the copy a retried activity may send; the subject is the event type,
/// and job id, type and status are application properties for subscription filters.
/// </summary>
public sealed class ServiceBusJobEventPublisher(ServiceBusSender sender) : IJobEventPublisher
{
    public bool IsEnabled => true;

    public async Task PublishAsync(JobEvent jobEvent, CancellationToken cancellationToken = default)
    {
        try
        {
            await sender.SendMessageAsync(ToMessage(jobEvent), cancellationToken);
        }
        catch (ServiceBusException exception) when (exception.IsTransient)
        {
            throw new TransientFailureException($"Service Bus could not take event {jobEvent.Id} ({exception.Reason}): {exception.Message}", exception);
        }
    }

    public static ServiceBusMessage ToMessage(JobEvent jobEvent)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        var message = new ServiceBusMessage(BinaryData.FromString(jobEvent.ToJson()))
        {
            MessageId = jobEvent.Id,
            Subject = jobEvent.Type,
            ContentType = "application/json",
            CorrelationId = jobEvent.Data.JobId,
        };
        message.ApplicationProperties["jobId"] = jobEvent.Data.JobId;
        message.ApplicationProperties["jobType"] = jobEvent.Data.JobType;
        message.ApplicationProperties["status"] = JobStatusName(jobEvent);
        message.ApplicationProperties["version"] = jobEvent.Version;
        return message;
    }

    // The same spelling as in the JSON body ("completed"), so a filter and the body agree.
    private static string JobStatusName(JobEvent jobEvent) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(jobEvent.Data.Status.ToString());
}
