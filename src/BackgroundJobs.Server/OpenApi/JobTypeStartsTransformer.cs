using BackgroundJobs.Api.Jobs;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackgroundJobs.Server.OpenApi;

/// <summary>
/// Replaces the generic <c>POST /api/jobs/{type}</c> with one path per registered job type, each with
/// its own request schema: a client generator then gets a typed start per type, and the path does not
/// clash with <c>/api/jobs/{id}</c>. Each type's result schema is a component that
/// <c>JobView.result</c> refers to.
/// </summary>
internal sealed class JobTypeStartsTransformer(IEnumerable<JobTypeRegistration> registrations) : IOpenApiDocumentTransformer
{
    public const string GenericPath = "/api/jobs/{type}";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Paths is null || !document.Paths.TryGetValue(GenericPath, out var generic)
            || generic.Operations is null || !generic.Operations.TryGetValue(HttpMethod.Post, out var start))
        {
            return;
        }

        var results = new List<IOpenApiSchema>();
        foreach (var descriptor in registrations.Select(r => r.Descriptor).DistinctBy(d => d.Name, StringComparer.Ordinal))
        {
            var name = PascalCase(descriptor.Name);
            var request = await ComponentAsync(document, context, name + "JobRequest", descriptor.RequestType, cancellationToken);
            results.Add(await ComponentAsync(document, context, name + "JobResult", descriptor.ResultType, cancellationToken));
            var operation = new OpenApiOperation
            {
                OperationId = $"start{name}Job",
                Summary = $"Start a {descriptor.Name} job",
                Description = $"Validates the request and starts a `{descriptor.Name}` job: `202` with `Location` (the status URL), `Retry-After` and the management URLs. "
                    + $"When it completes, `GET /api/jobs/{{id}}` has `result` in the shape of `{name}JobResult`. The same start as `POST /api/jobs/{{type}}` for every registered type; an unknown type is `404`.",
                Tags = start.Tags,
                Parameters = [.. (start.Parameters ?? []).Where(p => p.In != ParameterLocation.Path), IdempotencyKey()],
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [RouteDocs.Json] = new() { Schema = request } },
                },
                Responses = start.Responses,
            };
            document.Paths[$"/api/jobs/{descriptor.Name}"] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation },
            };
        }

        document.Paths.Remove(GenericPath);
        if (document.Components?.Schemas?.TryGetValue(nameof(JobView), out var view) == true && view is OpenApiSchema jobView
            && jobView.Properties?.ContainsKey("result") == true)
        {
            jobView.Properties["result"] = new OpenApiSchema
            {
                Description = "The job's result once it completed: the result schema of its type (`<Type>JobResult`).",
                AnyOf = results,
            };
        }
    }

    private static OpenApiParameter IdempotencyKey() => new()
    {
        Name = JobStarter.IdempotencyKeyHeader,
        In = ParameterLocation.Header,
        Required = false,
        Description = "1-255 printable ASCII characters without spaces. The same key and body return the same job; the same key with another body is `422`. Purging the job frees the key.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[!-~]{1,255}$" },
    };

    private static async Task<IOpenApiSchema> ComponentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, string name, Type type, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        document.AddComponent<IOpenApiSchema>(name, schema);
        return new OpenApiSchemaReference(name, document);
    }

    private static string PascalCase(string name) =>
        string.Concat(name.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
