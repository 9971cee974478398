using System.Collections.Frozen;
using System.Security.Cryptography;
using BackgroundJobs.Api.Http;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Dashboard;

/// <summary>
/// <c>GET /dashboard</c> (on Functions <c>/api/dashboard</c>) and its files: the operators' page,
/// served by the app itself from resources embedded in this assembly, so both hosts serve the same
/// bytes and nothing is fetched from anywhere else. The page is anonymous; the API calls it makes
/// carry the key the operator types in.
/// </summary>
public sealed class DashboardEndpoint
{
    public const string PageName = "index.html";

    private const string ResourcePrefix = "Dashboard/";

    // Only these kinds are embedded (see the project file); anything else would need a type here first.
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, DashboardAsset> assets = Load();

    /// <summary>The file names the page links to, besides the page itself.</summary>
    public IEnumerable<string> AssetNames => assets.Keys.Where(n => n != PageName);

    public IResult Page(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The page links its files relative to its own URL (dashboard/dashboard.js), which works
        // under /dashboard and /api/dashboard alike but not below a trailing slash.
        var path = request.PathBase + request.Path;
        return path.HasValue && path.Value!.Length > 1 && path.Value.EndsWith('/')
            ? Results.Redirect(path.Value.TrimEnd('/') + request.QueryString, permanent: true)
            : new DashboardAssetResult(assets[PageName]);
    }

    public IResult Asset(string name) =>
        name != PageName && assets.TryGetValue(name, out var asset)
            ? new DashboardAssetResult(asset)
            : Problems.NotFound($"The dashboard has no file '{name}'.");

    private static FrozenDictionary<string, DashboardAsset> Load()
    {
        var assembly = typeof(DashboardEndpoint).Assembly;
        var loaded = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"";
            loaded[name] = new DashboardAsset(name, ContentTypes[Path.GetExtension(name)], content, etag);
        }

        if (!loaded.ContainsKey(PageName))
        {
            throw new InvalidOperationException($"The dashboard page {ResourcePrefix}{PageName} is not embedded in {assembly.GetName().Name}.");
        }

        return loaded.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
