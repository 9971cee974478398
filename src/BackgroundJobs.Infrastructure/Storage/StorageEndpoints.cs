using System.Globalization;

namespace BackgroundJobs.Infrastructure.Storage;

/// <summary>
/// The storage account's service endpoints for identity-based access (no connection string), named
/// as the Functions app names them (<c>AzureWebJobsStorage__accountName</c>,
/// <c>__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>): a service URI when
/// set, else the public-cloud endpoint of <see cref="StorageOptions.AccountName"/>.
/// </summary>
public static class StorageEndpoints
{
    public static Uri? Blob(StorageOptions options) => Resolve(options?.BlobServiceUri, options, "blob");

    public static Uri? Queue(StorageOptions options) => Resolve(options?.QueueServiceUri, options, "queue");

    public static Uri? Table(StorageOptions options) => Resolve(options?.TableServiceUri, options, "table");

    /// <summary>Letters and digits, 3 to 24, lower case: Azure's rule for a storage account name, which becomes a host name.</summary>
    public static bool IsValidAccountName(string? name) =>
        name is { Length: >= 3 and <= 24 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    private static Uri? Resolve(string? serviceUri, StorageOptions? options, string service)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(serviceUri))
        {
            return new Uri(serviceUri, UriKind.Absolute);
        }

        return string.IsNullOrWhiteSpace(options.AccountName)
            ? null
            : new Uri(string.Create(CultureInfo.InvariantCulture, $"https://{options.AccountName}.{service}.core.windows.net/"));
    }
}
