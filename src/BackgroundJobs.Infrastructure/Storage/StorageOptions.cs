namespace BackgroundJobs.Infrastructure.Storage;

/// <summary>
/// Blob storage: Azure (or Azurite) when <see cref="ConnectionString"/> is set, otherwise a local folder.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>An Azure Storage connection string; <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob container that holds uploads, job state and results.</summary>
    public string Container { get; set; } = "backgroundjobs";

    /// <summary>The local store's folder; a relative path is taken from the content root.</summary>
    public string LocalPath { get; set; } = ".data/blobs";
}
