using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.Infrastructure.Storage;

/// <summary>
/// Blob storage: Azure (or Azurite) when <see cref="ConnectionString"/> or <see cref="BlobServiceUri"/>
/// is set, otherwise a local folder.
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

    /// <summary>The blob container that holds uploads, job state and results.</summary>
    public string Container { get; set; } = "backgroundjobs";

    /// <summary>The local store's folder; a relative path is taken from the content root.</summary>
    [OptionalSetting("Only the self-hosted server without Azure storage uses a local folder.")]
    public string LocalPath { get; set; } = ".data/blobs";
}
