using BackgroundJobs.Api.Reports;
using BackgroundJobs.Core.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Api.Jobs;

/// <summary>The registration line of each built-in job type; a host calls the ones it serves.</summary>
public static class BuiltInJobTypes
{
    // Its validator reads the engine (a job-history report names a job), so it keeps its own start.
    public static IServiceCollection AddReportsJob(this IServiceCollection services) =>
        services.AddJobType(ReportsJob.Descriptor, provider => provider.GetRequiredService<ReportEndpoint>().StartReportAsync);
}
