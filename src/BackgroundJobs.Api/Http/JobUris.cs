using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Api.Http;

/// <summary>The public URLs of a job: from the configured <see cref="PublicAddress"/>, else as the current request reached this host.</summary>
public static class JobUris
{
    /// <summary>The Durable Functions instance routes, the same path on both hosts.</summary>
    public const string InstancesPath = "/runtime/webhooks/durabletask/instances";

    /// <summary><c>{base}/api/jobs/{id}</c>.</summary>
    public static string Job(HttpRequest request, string jobId) =>
        $"{BaseOf(request)}/api/jobs/{Uri.EscapeDataString(jobId)}";

    /// <summary>
    /// The base every link in an answer starts with: the configured public base URL when there is
    /// one, so that a client's <c>Host</c> header is never echoed; else <c>{scheme}://{host}{pathBase}</c>.
    /// </summary>
    public static string BaseOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.RequestServices?.GetService<PublicAddress>()?.BaseUrl
            ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
