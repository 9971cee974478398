using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using BackgroundJobs.Infrastructure.Storage;
using DurableTask.AzureStorage;

namespace BackgroundJobs.Server.Engine;

/// <summary>
/// The storage account behind the server's Azure Storage task hub (<c>Engine:Kind=AzureStorage</c>):
/// <c>Storage:ConnectionString</c> (Azurite, or a key the operator chose) or, with no key at all as
/// deployed on Azure, <c>Storage:AccountName</c> or the three service URIs with
/// <see cref="DefaultAzureCredential"/> (the managed identity named by <c>AZURE_CLIENT_ID</c>), as the
/// Functions app reaches its task hub. Nothing here talks to the network: tokens are fetched on first use.
/// </summary>
public sealed class TaskHubStorage
{
    private TaskHubStorage(string? connectionString, Uri? blob, Uri? queue, Uri? table, TokenCredential? credential)
    {
        ConnectionString = connectionString;
        BlobServiceUri = blob;
        QueueServiceUri = queue;
        TableServiceUri = table;
        Credential = credential;
    }

    public string? ConnectionString { get; }

    public Uri? BlobServiceUri { get; }

    public Uri? QueueServiceUri { get; }

    public Uri? TableServiceUri { get; }

    /// <summary>The identity the endpoints are reached with; null with a connection string.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>Reads the <c>Storage</c> section; refuses, naming the setting, what cannot reach a task hub.</summary>
    public static TaskHubStorage FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new TaskHubStorage(options.ConnectionString, null, null, null, null);
        }

        if (!string.IsNullOrWhiteSpace(options.AccountName) && !StorageEndpoints.IsValidAccountName(options.AccountName))
        {
            throw new InvalidOperationException("Storage:AccountName must be a storage account name: 3-24 lowercase letters and digits.");
        }

        var endpoints = new (string Setting, string? Value, string Service)[]
        {
            ("Storage:BlobServiceUri", options.BlobServiceUri, "blob"),
            ("Storage:QueueServiceUri", options.QueueServiceUri, "queue"),
            ("Storage:TableServiceUri", options.TableServiceUri, "table"),
        };
        var invalid = endpoints.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e.Value)
            && !(Uri.TryCreate(e.Value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps));
        if (invalid.Setting is not null)
        {
            // A bearer token must never travel in clear text.
            throw new InvalidOperationException($"{invalid.Setting} must be an absolute https URL such as https://myaccount.{invalid.Service}.core.windows.net/.");
        }

        if (string.IsNullOrWhiteSpace(options.AccountName))
        {
            var missing = endpoints.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Setting).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException(
                    "Engine:Kind=AzureStorage needs Storage:ConnectionString (UseDevelopmentStorage=true for Azurite), Storage:AccountName, "
                    + $"or all three of Storage:BlobServiceUri, Storage:QueueServiceUri and Storage:TableServiceUri (missing: {string.Join(", ", missing)}).");
            }
        }

        return new TaskHubStorage(null, StorageEndpoints.Blob(options), StorageEndpoints.Queue(options), StorageEndpoints.Table(options), new DefaultAzureCredential());
    }

    /// <summary>What <see cref="AzureStorageOrchestrationService"/> builds its blob, queue and table clients from.</summary>
    public StorageAccountClientProvider CreateClientProvider() =>
        Credential is null
            ? new StorageAccountClientProvider(ConnectionString!)
            : new StorageAccountClientProvider(BlobServiceUri!, QueueServiceUri!, TableServiceUri!, Credential);

    /// <summary>The task hub's queues, for the monitor's queue depth.</summary>
    public QueueServiceClient CreateQueueServiceClient() =>
        Credential is null ? new QueueServiceClient(ConnectionString) : new QueueServiceClient(QueueServiceUri, Credential);
}
