using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.Api.Notifications;

/// <summary>
/// The job URLs put into events, from the host's public base URL (<c>Notifications:PublicBaseUrl</c>,
/// else what the host knows of its own address). Events have no request to take a host name from.
/// </summary>
public sealed class ConfiguredJobLinks(Func<string?> publicBaseUrl) : IJobLinks
{
    public const string PublicBaseUrlSetting = "Notifications:PublicBaseUrl";

    public JobEventLinks? LinksFor(string jobId)
    {
        var baseUrl = publicBaseUrl()?.TrimEnd('/');
        if (string.IsNullOrEmpty(baseUrl))
        {
            return null;
        }

        var id = Uri.EscapeDataString(jobId);
        return new JobEventLinks($"{baseUrl}/api/jobs/{id}", $"{baseUrl}{JobUris.InstancesPath}/{id}");
    }
}
