using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackgroundJobs.Server.OpenApi;

/// <summary>
/// The generator writes a nullable property of a class type as <c>oneOf: [null, $ref]</c>. When the
/// referenced schema accepts any JSON (a <c>JsonNode</c> or <c>JsonElement</c>: a job's input, output or
/// result), <c>null</c> matches both and a validator refuses every null. <c>anyOf</c> says the same without
/// that trap.
/// </summary>
internal sealed class NullableAnyOfTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var properties = (document.Components?.Schemas?.Values ?? Enumerable.Empty<IOpenApiSchema>())
            .OfType<OpenApiSchema>()
            .SelectMany(s => s.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>())
            .OfType<OpenApiSchema>();
        foreach (var property in properties.Where(p => p.OneOf?.Any(IsNull) == true))
        {
            property.AnyOf = property.OneOf;
            property.OneOf = null;
        }

        return Task.CompletedTask;
    }

    private static bool IsNull(IOpenApiSchema schema) => schema.Type == JsonSchemaType.Null;
}
