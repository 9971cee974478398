using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Http;

/// <summary>The public URLs of a job as the current request reaches this host.</summary>
public static class JobUris
{
    /// <summary>The Durable Functions instance routes, the same path on both hosts.</summary>
    public const string InstancesPath = "/runtime/webhooks/durabletask/instances";

    /// <summary><c>{scheme}://{host}{pathBase}/api/jobs/{id}</c>.</summary>
    public static string Job(HttpRequest request, string jobId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}/api/jobs/{Uri.EscapeDataString(jobId)}";
    }
}
