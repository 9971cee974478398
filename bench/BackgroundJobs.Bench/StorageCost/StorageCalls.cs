using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace BackgroundJobs.Bench.StorageCost;

/// <summary>
/// Counts every HTTP request this process sends to the storage account (Azurite here), by service
/// and operation: the engine's queue, table and blob calls and the blob store's, each a billed
/// transaction on real Azure Storage (retries included, as they are billed too). It listens to
/// HttpClient's own diagnostics, which every Azure SDK client goes through, so nothing in the
/// server is changed to be counted.
/// </summary>
internal sealed class StorageCalls : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly (string Service, string Prefix)[] endpoints;
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly IDisposable subscription;
    private readonly List<IDisposable> listeners = [];

    public StorageCalls(string connectionString)
    {
        endpoints = Endpoints(connectionString);
        subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>The counts so far, by operation (<c>queue.send</c>, <c>table.batch</c>, <c>blob.lease</c>, ...).</summary>
    public Dictionary<string, int> Snapshot() => new(counts, StringComparer.Ordinal);

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "HttpHandlerDiagnosticListener")
        {
            lock (listeners)
            {
                listeners.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == "System.Net.Http.HttpRequestOut.Start"
            && value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage { RequestUri: { } uri } request
            && Operation(request.Method.Method, uri) is { } operation)
        {
            counts.AddOrUpdate(operation, 1, (_, n) => n + 1);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        subscription.Dispose();
        lock (listeners)
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    /// <summary>What a request to the account does, or null for any other request (the benchmark's own HTTP).</summary>
    private string? Operation(string method, Uri uri)
    {
        var url = uri.GetLeftPart(UriPartial.Path);
        var service = endpoints.FirstOrDefault(e => url.StartsWith(e.Prefix, StringComparison.OrdinalIgnoreCase)).Service;
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var path = uri.AbsolutePath;
        return service switch
        {
            null => null,
            "queue" when path.Contains("/messages", StringComparison.Ordinal) => method switch
            {
                "POST" => "queue.send",
                "GET" when query["peekonly"] == "true" => "queue.peek",
                "GET" => "queue.receive",
                "DELETE" => "queue.delete",
                "PUT" => "queue.update",
                _ => "queue." + method,
            },
            "table" when path.EndsWith("$batch", StringComparison.Ordinal) => "table.batch",
            "table" => method switch
            {
                "GET" => "table.query",
                "POST" => "table.insert",
                "PUT" => "table.upsert",
                "MERGE" or "PATCH" => "table.merge",
                _ => "table." + method,
            },
            _ when query["comp"] is { } comp => $"{service}.{comp}",
            "blob" => method switch
            {
                "GET" => "blob.read",
                "PUT" => "blob.write",
                "HEAD" => "blob.properties",
                "DELETE" => "blob.delete",
                _ => "blob." + method,
            },
            _ => $"{service}.{method}",
        };
    }

    // The SDK clients read the connection string as the engine and the blob store do (endpoints,
    // account name and suffix, UseDevelopmentStorage).
    private static (string, string)[] Endpoints(string connectionString) =>
    [
        ("blob", WithSlash(new BlobServiceClient(connectionString).Uri)),
        ("queue", WithSlash(new QueueServiceClient(connectionString).Uri)),
        ("table", WithSlash(new TableServiceClient(connectionString).Uri)),
    ];

    private static string WithSlash(Uri endpoint) => endpoint.AbsoluteUri.TrimEnd('/') + "/";
}
