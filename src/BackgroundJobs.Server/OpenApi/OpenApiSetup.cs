using Microsoft.OpenApi;

namespace BackgroundJobs.Server.OpenApi;

/// <summary>
/// The API's OpenAPI 3.1 document, generated from the mapped endpoints and the registered job types,
/// served at <c>/openapi/v1.json</c> without a key (it describes the API; it holds no data). The
/// Functions app serves a copy committed as docs/openapi/v1.json; see docs/api.md.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public const string DocumentPath = "/openapi/{documentName}.json";

    public static IServiceCollection AddBackgroundJobsOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer<ContractDocumentTransformer>();
            options.AddOperationTransformer<KeyedOperationTransformer>();
            options.AddOperationTransformer<RequestBodyTransformer>();
            options.AddSchemaTransformer<OmittedNullsSchemaTransformer>();
            options.AddDocumentTransformer<JobTypeStartsTransformer>();
            options.AddDocumentTransformer<NullableAnyOfTransformer>();
        });

    public static IEndpointRouteBuilder MapBackgroundJobsOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        return app;
    }
}
