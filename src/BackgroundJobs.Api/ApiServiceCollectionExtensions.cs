using BackgroundJobs.Api.BulkEmail;
using BackgroundJobs.Api.Uploads;
using BackgroundJobs.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The shared HTTP handlers; each host maps its routes or triggers onto them.</summary>
    public static IServiceCollection AddBackgroundJobsApi(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName);

        // Responses use the same JSON shape as everything the jobs store: camelCase, enums as strings, no nulls.
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JobJson.Options.DefaultIgnoreCondition;
            foreach (var converter in JobJson.Options.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }
        });
        services.AddSingleton<BulkEmailRequestValidator>();
        services.AddSingleton<BulkEmailEndpoint>();
        services.AddSingleton<UploadEndpoint>();
        return services;
    }
}
