using BackgroundJobs.Core.Jobs;
using System.Reflection;
using System.Text.Json.Nodes;
using BackgroundJobs.Functions.OpenApi;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackgroundJobs.Functions.Tests.OpenApi;

/// <summary>
/// The Functions app serves the server's OpenAPI document (committed as docs/openapi/v1.json, kept
/// current by the server's test), and every HTTP function of this app is in it.
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private static readonly string CommittedPath = Path.Combine(RepositoryRoot(), "docs", "openapi", "v1.json");

    private readonly IHost host = FunctionsTestHost.Build();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task GetOpenApiDocument_ServesTheCommittedDocument_WithoutAKey()
    {
        var invocation = HttpInvocation.Create(host.Services, nameof(GetOpenApiDocument), HttpMethods.Get, "/api/openapi/v1.json");
        var trigger = ActivatorUtilities.CreateInstance<GetOpenApiDocument>(host.Services);

        var response = await invocation.ExecuteAsync(trigger.Run(invocation.Request));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        var served = JsonNode.Parse(invocation.ResponseBody())!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath)), served), "The served document is not docs/openapi/v1.json.");
        Assert.Equal("3.1.1", served["openapi"]!.GetValue<string>());
        var attribute = typeof(GetOpenApiDocument).GetMethod(nameof(GetOpenApiDocument.Run))!.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;
        Assert.Equal(AuthorizationLevel.Anonymous, attribute.AuthLevel);
    }

    [Fact]
    public void OpenApi_EveryHttpFunction_IsInTheDocument()
    {
        var paths = JsonNode.Parse(File.ReadAllText(CommittedPath))!["paths"]!.AsObject();
        using var host = FunctionsTestHost.Build(); // registers this host's job types, which the start trigger serves
        Assert.Contains("bulk-email", JobTypeRegistry.Names);
        var missing = new List<string>();
        var checkedRoutes = 0;
        foreach (var (route, method) in HttpFunctionRoutes())
        {
            // The document describes itself nowhere; the dashboard is at /dashboard on the server and
            // under the api prefix here (the document says so in its summary).
            if (route == "openapi/v1.json")
            {
                continue;
            }

            var path = "/" + System.Text.RegularExpressions.Regex.Replace(route, @"\{\*?([A-Za-z0-9_]+)[^}]*\}", "{$1}");
            path = path.StartsWith("/dashboard", StringComparison.Ordinal) ? path : "/api" + path;
            checkedRoutes++;

            // The one start trigger (jobs/{type}) is documented as one path per registered type, as the server's is.
            var documentedAs = path == "/api/jobs/{type}" ? JobTypeRegistry.Names.Select(type => "/api/jobs/" + type).ToList() : [path];
            missing.AddRange(documentedAs.Where(p => paths[p]?[method] is null).Select(p => $"{method.ToUpperInvariant()} {p}"));
        }

        Assert.True(checkedRoutes > 15, $"Only {checkedRoutes} HTTP functions found.");
        Assert.True(missing.Count == 0, $"HTTP functions the OpenAPI document lacks: {string.Join(", ", missing)}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}.");
    }

    private static IEnumerable<(string Route, string Method)> HttpFunctionRoutes() =>
        from type in FunctionsTestHost.FunctionsAssembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        where method.GetCustomAttribute<FunctionAttribute>() is not null
        from trigger in method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Where(a => a is not null)
        from verb in trigger!.Methods ?? []
        select (trigger.Route ?? string.Empty, verb.ToLowerInvariant());
}
