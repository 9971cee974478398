using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BackgroundJobs.Functions.OpenApi;

/// <summary>
/// <c>GET /api/openapi/v1.json</c>: the API's OpenAPI document. The server generates it from its
/// endpoints; this app serves the copy committed as docs/openapi/v1.json and embedded at build, which
/// a test keeps equal to what the server generates. Anonymous, as the server's is: it holds no data.
/// </summary>
public sealed class GetOpenApiDocument
{
    private static readonly Lazy<byte[]> Document = new(Load);

    [Function(nameof(GetOpenApiDocument))]
    public IResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        Results.Bytes(Document.Value, "application/json; charset=utf-8");

    private static byte[] Load()
    {
        using var stream = typeof(GetOpenApiDocument).Assembly.GetManifestResourceStream("openapi.v1.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded (docs/openapi/v1.json).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
