using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Infrastructure.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>The <c>http-call</c> job type and its one registration line, <c>services.AddHttpCallJob()</c>.</summary>
public static class HttpCallJob
{
    public const string Name = "http-call";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<HttpCallRequest, HttpCallResult, HttpCallOrchestrator>(
        Name,
        channels => new HttpCallOrchestrator(channels),
        registry => registry.AddActivity<SendHttpCallActivity>(),
        HttpCallLimits.Announced);

    public static IServiceCollection AddHttpCallJob(this IServiceCollection services)
    {
        // The webhook client's rules: no redirects followed, no cookies, no proxy (the connect step
        // must see the real destination), and the SSRF guard on the address actually connected to.
        // The attempt's own timeout applies, so HttpClient's 100 s must not cut in first.
        services.AddHttpClient(SendHttpCallActivity.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                ConnectCallback = GuardedConnection.Create(provider.GetRequiredService<IOptions<WebhookOptions>>()),
            });
        services.TryAddSingleton<HttpCallRequestValidator>();
        return services.AddJobType<HttpCallRequest>(Descriptor, (provider, request, token) => provider.GetRequiredService<HttpCallRequestValidator>().ValidateAsync(request, token));
    }
}
