using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Dashboard;

/// <summary>
/// Writes a dashboard file with its content type and the headers that lock the page down. A custom
/// result rather than <c>Results.Bytes</c>, because both hosts execute the same <see cref="IResult"/>
/// and the security headers must travel with it.
/// </summary>
internal sealed class DashboardAssetResult(DashboardAsset asset) : IResult
{
    /// <summary>
    /// Everything from the app's own origin and nothing else: no inline script or style, no
    /// plug-ins, no framing, no form posted elsewhere. The page's JavaScript builds its chart as
    /// SVG elements, which needs nothing more.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        // Revalidated on every load, so a new deploy shows at once; an unchanged file costs a 304.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (httpContext.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        if (!HttpMethods.IsHead(httpContext.Request.Method))
        {
            await response.Body.WriteAsync(asset.Content, httpContext.RequestAborted);
        }
    }
}
