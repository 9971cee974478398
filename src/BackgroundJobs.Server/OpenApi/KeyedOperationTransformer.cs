using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackgroundJobs.Server.OpenApi;

/// <summary>
/// Rules every route follows, applied here so that a route added later is described by them too:
/// routes outside <c>/api</c> and <c>/runtime</c> need no key, and a JSON body can be refused as
/// too large (<c>413</c>) or not UTF-8 JSON (<c>415</c>).
/// </summary>
internal sealed class KeyedOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = "/" + (context.Description.RelativePath ?? string.Empty);
        if (!IsKeyed(path))
        {
            // An empty requirement overrides the document's: no key.
            operation.Security = [new OpenApiSecurityRequirement()];
        }

        // GET and HEAD share a handler and its name; operation ids must be unique.
        if (HttpMethods.IsHead(context.Description.HttpMethod ?? string.Empty) && operation.OperationId is { } id)
        {
            operation.OperationId = id + "Head";
        }

        return Task.CompletedTask;
    }

    public static bool IsKeyed(string path) =>
        path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/runtime/", StringComparison.OrdinalIgnoreCase);
}
