using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackgroundJobs.Server.OpenApi;

/// <summary>
/// Answers leave out null properties (JobJson: nulls are not written), so a property that can be null
/// is not required in the schema, although it is a constructor parameter of its record.
/// </summary>
internal sealed class OmittedNullsSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Required is { Count: > 0 } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.IsGetNullable))
            {
                required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }
}
