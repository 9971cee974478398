using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Infrastructure.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        // The webhook client's rules (GuardedHttpClient); the call's own timeout applies per attempt.
        services.AddGuardedHttpClient(SendHttpCallActivity.HttpClientName);
        services.TryAddSingleton<HttpCallRequestValidator>();
        return services.AddJobType<HttpCallRequest>(Descriptor, (provider, request, token) => provider.GetRequiredService<HttpCallRequestValidator>().ValidateAsync(request, token));
    }
}
