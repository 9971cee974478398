using BackgroundJobs.Api.CrmSync;
using BackgroundJobs.Api.Reports;
using BackgroundJobs.Core.CrmSync;
using BackgroundJobs.Core.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Api.Jobs;

/// <summary>The registration line of each built-in job type; a host calls the ones it serves.</summary>
public static class BuiltInJobTypes
{
    public static IServiceCollection AddCrmSyncJob(this IServiceCollection services) =>
        services.AddJobType<CrmSyncRequest>(CrmSyncJob.Descriptor, (provider, request, token) => provider.GetRequiredService<CrmSyncRequestValidator>().ValidateAsync(request, token));

    // Its validator reads the engine (a job-history report names a job), so it keeps its own start.
    public static IServiceCollection AddReportsJob(this IServiceCollection services) =>
        services.AddJobType(ReportsJob.Descriptor, provider => provider.GetRequiredService<ReportEndpoint>().StartReportAsync);
}
