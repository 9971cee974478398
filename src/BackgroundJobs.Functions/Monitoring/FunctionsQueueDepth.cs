using Azure.Identity;
using Azure.Storage.Queues;
using BackgroundJobs.Core.Monitoring;
using BackgroundJobs.Infrastructure.Monitoring;
using Microsoft.Extensions.Configuration;

namespace BackgroundJobs.Functions.Monitoring;

/// <summary>
/// The Functions host's task hub lives in the <c>AzureWebJobsStorage</c> account under the hub name
/// host.json takes from <c>TaskHubName</c>. Locally that is a connection string; on Azure the
/// account is reached with the managed identity through <c>AzureWebJobsStorage__queueServiceUri</c>
/// (and <c>__clientId</c> for a user-assigned identity).
/// </summary>
public static class FunctionsQueueDepth
{
    /// <summary>The hub name when <c>TaskHubName</c> is unset, as in local.settings.sample.json and infra.</summary>
    public const string DefaultTaskHubName = "BackgroundJobs";

    public static IQueueDepthReader Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var hub = configuration["TaskHubName"] is { Length: > 0 } name ? name : DefaultTaskHubName;
        var client = configuration["AzureWebJobsStorage"] is { Length: > 0 } connectionString
            ? new QueueServiceClient(connectionString)
            : configuration["AzureWebJobsStorage:queueServiceUri"] is { Length: > 0 } uri
                ? new QueueServiceClient(new Uri(uri), new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration["AzureWebJobsStorage:clientId"] }))
                : throw new InvalidOperationException("AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__queueServiceUri is required to read the task hub's queue depth.");
        return new TaskHubQueueDepthReader(client, hub);
    }
}
