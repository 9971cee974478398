using System.Text.Json.Nodes;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.Api.Uploads;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackgroundJobs.Server.OpenApi;

/// <summary>
/// The bodies of routes whose handlers read the body themselves. Written here, not as Accepts metadata on
/// the route: that metadata also steers routing, which would answer 415 (or pick another route) before the
/// handler can refuse the body with a problem naming the field.
/// </summary>
internal sealed class RequestBodyTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, (Type Type, bool Required, IReadOnlyCollection<string> MediaTypes)> Bodies = new(StringComparer.Ordinal)
    {
        ["upload"] = (typeof(Stream), true, UploadEndpoint.MediaTypes),
        ["putUpload"] = (typeof(Stream), true, UploadEndpoint.MediaTypes),
        ["putSchedule"] = (typeof(ScheduleDefinition), true, [RouteDocs.Json]),
        ["cancelJob"] = (typeof(CancelJobRequest), false, [RouteDocs.Json]),
        ["retryJobs"] = (typeof(BulkRetryRequest), false, [RouteDocs.Json]),
        ["raiseInstanceEvent"] = (typeof(JsonNode), false, [RouteDocs.Json]),
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is null || !Bodies.TryGetValue(operation.OperationId, out var body))
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = body.Required,
            Content = body.MediaTypes.ToDictionary(m => m, _ => new OpenApiMediaType { Schema = schema }, StringComparer.Ordinal),
        };
    }
}
