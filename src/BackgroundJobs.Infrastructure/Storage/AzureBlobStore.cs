using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using BackgroundJobs.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Infrastructure.Storage;

/// <summary>
/// <see cref="IBlobStore"/> over one Azure Blob Storage container (or Azurite). The container is
/// created on first use, so a fresh storage account or Azurite needs no set-up step.
/// </summary>
public sealed class AzureBlobStore(BlobContainerClient container, ILogger<AzureBlobStore> logger) : IBlobStore, IBlobReadLinks
{
    // Purging a job deletes its blobs one request each; a few at a time keeps that quick without a burst.
    private const int DeleteParallelism = 8;

    private readonly Lock gate = new();

    /// <summary>The container this store writes to; tests read how it authenticates.</summary>
    internal BlobContainerClient Container => container;
    private Task? containerReady;

    public async Task WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        BlobNameRules.ThrowIfInvalidName(name, nameof(name));
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        await EnsureContainerAsync(cancellationToken);

        // With options and no conditions, UploadAsync replaces the blob; it reads the stream in blocks.
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
        await container.GetBlobClient(name).UploadAsync(content, options, cancellationToken);
    }

    // If-None-Match: * makes the service refuse the upload when the blob exists: one winner, no race.
    public async Task<bool> TryCreateAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default) =>
        await TryWriteAsync(name, content, contentType, BlobCondition.NotExists, cancellationToken) is not null;

    /// <summary>The service checks the condition as it writes (BlobRequestConditions), so no other writer can come between.</summary>
    public async Task<string?> TryWriteAsync(string name, Stream content, string contentType, BlobCondition condition, CancellationToken cancellationToken = default)
    {
        BlobNameRules.ThrowIfInvalidName(name, nameof(name));
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ArgumentNullException.ThrowIfNull(condition);
        if (ConditionsFor(condition) is not { } conditions)
        {
            return null;
        }

        await EnsureContainerAsync(cancellationToken);
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType }, Conditions = conditions };
        try
        {
            var written = await container.GetBlobClient(name).UploadAsync(content, options, cancellationToken);
            return written.Value.ETag.ToString("H");
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            // 412: the version changed; 409: it exists (If-None-Match: *); 404: If-Match on a blob that is gone.
            return null;
        }
    }

    public async Task<VersionedBlob?> OpenReadVersionedAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNameRules.ThrowIfInvalidName(name, nameof(name));
        await EnsureContainerAsync(cancellationToken);
        try
        {
            // The ETag of the download's own response: the version of exactly these bytes.
            var download = await container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return new VersionedBlob(download.Value.Content, download.Value.Details.ETag.ToString("H"));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    // Null when the ETag asked for cannot be one of this store's (not quoted): no version matches it.
    private static BlobRequestConditions? ConditionsFor(BlobCondition condition)
    {
        if (condition.IfNotExists)
        {
            return new BlobRequestConditions { IfNoneMatch = ETag.All };
        }

        if (condition.IfMatch is not { } ifMatch)
        {
            return new BlobRequestConditions();
        }

        if (ifMatch == BlobCondition.AnyETag)
        {
            return new BlobRequestConditions { IfMatch = ETag.All };
        }

        return ifMatch.Length > 2 && ifMatch[0] == '"' && ifMatch[^1] == '"'
            ? new BlobRequestConditions { IfMatch = new ETag(ifMatch) }
            : null;
    }

    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNameRules.ThrowIfInvalidName(name, nameof(name));
        await EnsureContainerAsync(cancellationToken);
        try
        {
            // One request that streams the body, where OpenReadAsync would first ask for the properties.
            var download = await container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>One ranged download, so a sync's cursor deep into a large upload reads only what follows it.</summary>
    public async Task<Stream?> OpenReadFromAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        BlobNameRules.ThrowIfInvalidName(name, nameof(name));
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var options = new BlobDownloadOptions { Range = new HttpRange(offset) };
            var download = await container.GetBlobClient(name).DownloadStreamingAsync(options, cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 416)
        {
            // The offset is the blob's end: nothing left to read.
            return new MemoryStream([], writable: false);
        }
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNameRules.ThrowIfInvalidName(name, nameof(name));
        await EnsureContainerAsync(cancellationToken);
        var exists = await container.GetBlobClient(name).ExistsAsync(cancellationToken);
        return exists.Value;
    }

    /// <summary>One properties request, instead of the default's download.</summary>
    public async Task<long?> GetSizeAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNameRules.ThrowIfInvalidName(name, nameof(name));
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var properties = await container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.ContentLength;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobNameRules.ThrowIfInvalidPrefix(prefix, nameof(prefix));
        await EnsureContainerAsync(cancellationToken);

        // The service lists in ordinal order of names, a page at a time.
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            yield return blob.Name;
        }
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        BlobNameRules.ThrowIfInvalidPrefix(prefix, nameof(prefix));
        await EnsureContainerAsync(cancellationToken);
        var deleted = 0;
        var blobs = container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(blobs, parallel, async (blob, token) =>
        {
            var response = await container.DeleteBlobIfExistsAsync(blob.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: token);
            if (response.Value)
            {
                Interlocked.Increment(ref deleted);
            }
        });
        return deleted;
    }

    /// <summary>
    /// A read-only SAS URL for one blob. Only a client built from a connection string with an account
    /// key can sign one (Azurite's can); under a managed identity this returns null and the proxied
    /// route is used (a user-delegation SAS would need a key request per link, left for later).
    /// </summary>
    public Uri? TryCreateReadLink(string name, DateTimeOffset expiresOn)
    {
        BlobNameRules.ThrowIfInvalidName(name, nameof(name));
        var blob = container.GetBlobClient(name);
        return blob.CanGenerateSasUri ? blob.GenerateSasUri(BlobSasPermissions.Read, expiresOn) : null;
    }

    /// <summary>
    /// Every caller shares one creation call; a failed one is dropped so the next caller tries again.
    /// The creation itself does not take the caller's token, since other callers may be waiting on it.
    /// </summary>
    private Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref containerReady) is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        Task ready;
        lock (gate)
        {
            if (containerReady is null || containerReady.IsFaulted || containerReady.IsCanceled)
            {
                containerReady = CreateContainerAsync();
            }

            ready = containerReady;
        }

        return ready.WaitAsync(cancellationToken);
    }

    private async Task CreateContainerAsync()
    {
        var created = await container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        if (created is not null)
        {
            Logs.BlobContainerCreated(logger, container.Name);
        }
    }
}
