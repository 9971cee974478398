using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackgroundJobs.Server.OpenApi;

/// <summary>
/// What the document says about the API as a whole: its name, the key scheme, and a relative server
/// so that one document serves both hosts (and the committed copy does not carry a test's port).
/// </summary>
internal sealed class ContractDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string HeaderKey = "functionKey";

    public const string QueryKey = "functionKeyQuery";

    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["jobs"] = "Start jobs, follow them, cancel, retry, purge, and download their results.",
        ["uploads"] = "Files a job request names (recipients, documents, contacts, prompts).",
        ["schedules"] = "Jobs started on a schedule.",
        ["notifications"] = "Webhook deliveries of a job's events.",
        ["operations"] = "Monitoring and health.",
        ["durable runtime"] = "The Durable Functions instance-management API, on the same paths on both hosts (see docs/durable-http-api.md).",
        ["dashboard"] = "The operators' web page; it loads without a key.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "BackgroundJobs API",
            Version = OpenApiSetup.DocumentName,
            Description = "Start background jobs, follow them and operate them. The same API on the self-hosted server and the Functions app; see docs/api.md.",
            License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
        };
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that served this document (the server, or the Functions app)." }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [HeaderKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "x-functions-key",
                Description = "A function key (Functions) or one of Auth:ApiKeys (server). On Functions, /runtime routes take the system key or the master key instead.",
            },
            [QueryKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Query,
                Name = "code",
                Description = "The same key as a query parameter, as the management URLs a start returns carry it.",
            },
        };
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            tag.Description ??= Tags.GetValueOrDefault(tag.Name ?? string.Empty);
        }

        document.Security = [Requirement(HeaderKey, document), Requirement(QueryKey, document)];
        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
