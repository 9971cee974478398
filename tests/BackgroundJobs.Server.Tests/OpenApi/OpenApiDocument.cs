using System.Text.Json.Nodes;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.Server.Tests.OpenApi;

/// <summary>The document a running server serves, and the copy committed for the Functions app.</summary>
internal static class OpenApiDocument
{
    public const string ServedPath = "/openapi/v1.json";

    public static string CommittedPath => RepositoryRoot.Combine("docs", "openapi", "v1.json");

    public static async Task<JsonObject> FetchAsync(ServerHost server)
    {
        // Served without a key: a client generator or a linter has none.
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var text = await anonymous.GetStringAsync(new Uri(ServedPath, UriKind.Relative));
        return JsonNode.Parse(text)!.AsObject();
    }

    public static string Format(JsonNode document) =>
        document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>A route pattern as OpenAPI writes it: <c>{*name}</c> and <c>{id:int}</c> become <c>{name}</c> and <c>{id}</c>.</summary>
    public static string PathOf(string routePattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(routePattern, @"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}", "{$1}");
        // A group's own route (MapGet(string.Empty) in a group) ends in a slash; the document has none.
        path = path.Length > 1 ? path.TrimEnd('/') : path;
        return path.StartsWith('/') ? path : "/" + path;
    }
}
