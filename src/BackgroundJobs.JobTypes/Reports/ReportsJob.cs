using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>The <c>reports</c> job type: its descriptor and the registration line a host calls.</summary>
public static class ReportsJob
{
    public const string Name = "reports";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<ReportRequest, ReportResult, ReportOrchestrator>(
        Name,
        channels => new ReportOrchestrator(channels),
        registry => registry
            .AddActivity<PlanReportActivity>()
            .AddActivity<WriteReportPartActivity>()
            .AddActivity<MergeReportPartsActivity>());

    /// <summary>
    /// Adds the type with its report sources (email-delivery; job-history is built in) and its validator,
    /// which reads the engine: an email-delivery report names a bulk e-mail job that must have ended.
    /// </summary>
    public static IServiceCollection AddReportsJob(this IServiceCollection services)
    {
        services.AddSingleton<IReportSource, EmailDeliveryReportSource>();
        services.AddSingleton<ReportSources>();
        services.AddSingleton<ReportRequestValidator>();

        // job-history's part writer reads the engine, so each host runs it with its client (see ClientActivity).
        services.AddSingleton<IClientActivity, WriteJobHistoryReportPartActivity>();
        return services.AddJobType<ReportRequest>(Descriptor, (context, request, token) =>
            context.Services.GetRequiredService<ReportRequestValidator>().ValidateAsync(request, context.Client, token));
    }
}
