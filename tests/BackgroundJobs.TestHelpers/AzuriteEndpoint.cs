using System.Net.Sockets;

namespace BackgroundJobs.TestHelpers;

/// <summary>
/// Where the tests find Azurite. Tests that need it call <see cref="EnsureRunningAsync"/> and fail,
/// never skip, when it is down: a skipped storage test would let a broken adapter through.
/// </summary>
public static class AzuriteEndpoint
{
    public const string EnvironmentVariable = "AZURITE_CONNECTION_STRING";

    /// <summary>
    /// <c>UseDevelopmentStorage=true</c> spelled out: Azurite's well-known development account (its
    /// key is public, not a secret) on 127.0.0.1, rather than "localhost", which may resolve to ::1.
    /// </summary>
    public const string DevelopmentConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"
        + "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;"
        + "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    private static readonly Uri DevelopmentBlobEndpoint = new("http://127.0.0.1:10000/devstoreaccount1");

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : DevelopmentConnectionString;

    public static Uri BlobEndpoint => BlobEndpointOf(ConnectionString);

    /// <summary>Throws, with what to do about it, unless the blob endpoint accepts a connection within a few seconds.</summary>
    public static async Task EnsureRunningAsync(CancellationToken cancellationToken = default)
    {
        var endpoint = BlobEndpoint;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new InvalidOperationException(
                $"Azurite is not answering at {endpoint.Host}:{endpoint.Port} (blob service). Run the tests through .ci/run, which starts it, "
                + "or start it first: npx azurite@3.37.0 --silent --location /tmp/azurite-data --skipApiVersionCheck. "
                + $"To use another storage emulator or account, set {EnvironmentVariable}.",
                ex);
        }
    }

    private static Uri BlobEndpointOf(string connectionString)
    {
        string? accountName = null;
        string? suffix = null;
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = part.Split('=', 2) is [var k, var v] ? (k, v) : (part, string.Empty);
            switch (key.ToUpperInvariant())
            {
                case "BLOBENDPOINT":
                    return new Uri(value);
                case "USEDEVELOPMENTSTORAGE" when bool.TryParse(value, out var development) && development:
                    return DevelopmentBlobEndpoint;
                case "ACCOUNTNAME":
                    accountName = value;
                    break;
                case "ENDPOINTSUFFIX":
                    suffix = value;
                    break;
                default:
                    break;
            }
        }

        return accountName is null
            ? throw new InvalidOperationException($"{EnvironmentVariable} has neither BlobEndpoint, AccountName nor UseDevelopmentStorage=true.")
            : new Uri($"https://{accountName}.blob.{suffix ?? "core.windows.net"}");
    }
}
