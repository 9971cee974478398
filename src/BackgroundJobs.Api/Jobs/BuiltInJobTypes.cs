using BackgroundJobs.Api.BulkEmail;
using BackgroundJobs.Api.CrmSync;
using BackgroundJobs.Core.BulkEmail;
using BackgroundJobs.Core.CrmSync;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Api.Jobs;

/// <summary>The registration line of each built-in job type; a host calls the ones it serves.</summary>
public static class BuiltInJobTypes
{
    public static IServiceCollection AddBulkEmailJob(this IServiceCollection services) =>
        services.AddJobType<BulkEmailRequest>(BulkEmailJob.Descriptor, (provider, request, token) => provider.GetRequiredService<BulkEmailRequestValidator>().ValidateAsync(request, token));

    public static IServiceCollection AddCrmSyncJob(this IServiceCollection services) =>
        services.AddJobType<CrmSyncRequest>(CrmSyncJob.Descriptor, (provider, request, token) => provider.GetRequiredService<CrmSyncRequestValidator>().ValidateAsync(request, token));
}
