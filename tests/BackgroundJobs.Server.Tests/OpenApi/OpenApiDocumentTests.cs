using System.Text.Json.Nodes;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.TestHelpers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.OpenApi;

/// <summary>
/// The OpenAPI document covers every route the server maps (a route added later fails here until it is
/// described, which the generator does by itself for a mapped endpoint), the committed copy the
/// Functions app serves is the one the server generates, and Redocly's recommended rules pass.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task OpenApi_EveryRouteTheServerMaps_IsInTheDocument()
    {
        await using var server = await ServerHost.StartAsync();
        var document = await OpenApiDocument.FetchAsync(server);
        var paths = document["paths"]!.AsObject();
        var jobTypes = server.Services.GetRequiredService<JobTypeEndpoints>().Names;

        var routes = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null && OpenApiDocument.PathOf(e.RoutePattern.RawText) != "/openapi/{documentName}.json")
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["(any method)"]).Select(m => (Path: OpenApiDocument.PathOf(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .ToList();

        Assert.Contains(routes, r => r.Path == "/api/jobs/{id}" && r.Method == "get");
        var missing = new List<string>();
        foreach (var (path, method) in routes)
        {
            // The generic start is described as one path per registered type.
            var expected = path == "/api/jobs/{type}" && method == "post" ? jobTypes.Select(t => $"/api/jobs/{t}") : [path];
            missing.AddRange(expected.Where(p => paths[p]?[method] is null).Select(p => $"{method.ToUpperInvariant()} {p}"));
        }

        Assert.True(missing.Count == 0, $"Routes the OpenAPI document lacks: {string.Join(", ", missing)}");
        Assert.NotEmpty(jobTypes);
    }

    [Fact]
    public async Task OpenApi_TheCommittedDocument_IsTheOneTheServerGenerates()
    {
        await using var server = await ServerHost.StartAsync();
        var generated = OpenApiDocument.Format(await OpenApiDocument.FetchAsync(server));

        // Regenerate after changing a route or a request type: UPDATE_OPENAPI=1 with this test's filter.
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(OpenApiDocument.CommittedPath, generated);
        }

        var committed = await File.ReadAllTextAsync(OpenApiDocument.CommittedPath);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(committed), JsonNode.Parse(generated)),
            "docs/openapi/v1.json (served by the Functions app) differs from the server's /openapi/v1.json; regenerate it: "
            + "UPDATE_OPENAPI=1 scripts/test.sh --filter \"FullyQualifiedName~OpenApi_TheCommittedDocument\"");
    }

    [Fact]
    public async Task OpenApi_TheDocument_PassesRedoclyLintWithTheRecommendedRules()
    {
        await using var server = await ServerHost.StartAsync();
        using var temp = new TempDirectory();
        var file = temp.Combine("v1.json");
        await File.WriteAllTextAsync(file, OpenApiDocument.Format(await OpenApiDocument.FetchAsync(server)));

        using var lint = NodeTools.Start("redocly", ["lint", file, "--extends=recommended", "--format=stylish"]);
        Assert.True(await lint.WaitForExitAsync(TimeSpan.FromMinutes(2)), "redocly lint did not finish in 2 minutes.");

        var output = string.Join('\n', lint.Output);
        Assert.True(lint.ExitCode == 0, $"redocly lint failed:\n{output}");
        Assert.Contains("valid", output, StringComparison.OrdinalIgnoreCase);
    }
}
