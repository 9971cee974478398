using BackgroundJobs.Api.BulkEmail;
using BackgroundJobs.Api.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The shared HTTP handlers; each host maps its routes or triggers onto them.</summary>
    public static IServiceCollection AddBackgroundJobsApi(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName);
        services.AddSingleton<BulkEmailRequestValidator>();
        services.AddSingleton<BulkEmailEndpoint>();
        services.AddSingleton<UploadEndpoint>();
        return services;
    }
}
