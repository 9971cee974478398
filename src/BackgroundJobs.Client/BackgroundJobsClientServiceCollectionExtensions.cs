using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Client;

public static class BackgroundJobsClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BackgroundJobsClient"/> as a typed client of <see cref="IHttpClientFactory"/>.
    /// The returned builder adds handlers or resilience as for any named client.
    /// </summary>
    public static IHttpClientBuilder AddBackgroundJobsClient(this IServiceCollection services, Action<BackgroundJobsClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<BackgroundJobsClientOptions>().Configure(configure);
        return services
            .AddHttpClient(nameof(BackgroundJobsClient))
            .AddTypedClient((http, provider) => new BackgroundJobsClient(http, provider.GetRequiredService<IOptions<BackgroundJobsClientOptions>>().Value));
    }
}
