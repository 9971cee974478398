using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.Infrastructure.Storage;

/// <summary>
/// Blob storage: Azure (or Azurite) when <see cref="ConnectionString"/>, <see cref="BlobServiceUri"/>
/// or <see cref="AccountName"/> is set, otherwise a local folder. The server's Azure Storage task hub
/// uses the same account.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>An Azure Storage connection string; <c>UseDevelopmentStorage=true</c> for Azurite. Wins over <see cref="BlobServiceUri"/>.</summary>
    [OptionalSetting("On Azure the app reaches storage through BlobServiceUri and its managed identity; no key exists.")]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The account's blob endpoint (<c>https://{account}.blob.core.windows.net/</c>), reached with
    /// <c>DefaultAzureCredential</c>: a managed identity on Azure (the user-assigned one named by
    /// <c>AZURE_CLIENT_ID</c>), the developer's sign-in locally. Used when no connection string is set.
    /// </summary>
    public string? BlobServiceUri { get; set; }

    /// <summary>
    /// The storage account's name: with no connection string, its blob, queue and table endpoints
    /// (<c>https://{name}.{service}.core.windows.net/</c>) are reached with <c>DefaultAzureCredential</c>,
    /// as the Functions app's <c>AzureWebJobsStorage__accountName</c>. A service URI set beside it wins.
    /// </summary>
    [OptionalSetting("On Functions the task hub is AzureWebJobsStorage; blobs use BlobServiceUri.")]
    public string? AccountName { get; set; }

    /// <summary>The queue endpoint for the server's Azure Storage task hub, reached with <c>DefaultAzureCredential</c>.</summary>
    [OptionalSetting("Only the server's task hub uses it; on Functions that is AzureWebJobsStorage__queueServiceUri.")]
    public string? QueueServiceUri { get; set; }

    /// <summary>The table endpoint for the server's Azure Storage task hub, reached with <c>DefaultAzureCredential</c>.</summary>
    [OptionalSetting("Only the server's task hub uses it; on Functions that is AzureWebJobsStorage__tableServiceUri.")]
    public string? TableServiceUri { get; set; }

    /// <summary>The blob container that holds uploads, job state and results.</summary>
    public string Container { get; set; } = "backgroundjobs";

    /// <summary>The local store's folder; a relative path is taken from the content root.</summary>
    [OptionalSetting("Only the self-hosted server without Azure storage uses a local folder.")]
    public string LocalPath { get; set; } = ".data/blobs";
}
