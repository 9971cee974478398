using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Infrastructure.Http;
using Cronos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>The <c>crm-sync</c> job type: its descriptor and the registration line a host calls.</summary>
public static class CrmSyncJob
{
    public const string Name = "crm-sync";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<CrmSyncRequest, CrmSyncResult, CrmSyncOrchestrator>(
        Name,
        channels => new CrmSyncOrchestrator(channels),
        registry => registry
            .AddActivity<ReadCrmSegmentActivity>()
            .AddActivity<UpsertCrmBatchActivity>()
            .AddActivity<FailCrmBatchActivity>()
            .AddActivity<CompleteCrmSyncActivity>(),
        requires: ["Crm:BaseUrl"]);

    /// <summary>
    /// Adds the type with its validator, its <c>Crm</c> options (checked when the host starts), its CRM
    /// client (the HTTP one when <c>Crm:BaseUrl</c> is set, else one that fails the job naming the
    /// setting) and the <c>crm-sync</c> schedule that <c>Crm:Schedule:Cron</c> and <c>Crm:Schedule:SourceBlob</c> seed.
    /// </summary>
    public static IServiceCollection AddCrmSyncJob(this IServiceCollection services)
    {
        services.AddOptions<CrmOptions>()
            .BindConfiguration(CrmOptions.SectionName)
            .Validate(o => string.IsNullOrEmpty(o.BaseUrl) || HttpUrl.IsAbsoluteHttp(o.BaseUrl), "Crm:BaseUrl must be an absolute http or https URL.")
            .Validate(o => o.RequestsPerSecond is > 0 and <= 1000, "Crm:RequestsPerSecond must be above 0 and at most 1000.")
            .Validate(o => o.TimeoutSeconds is > 0 and <= 600, "Crm:TimeoutSeconds must be between 1 and 600.")
            .ValidateOnStart();

        // HttpCrmClient enforces Crm:TimeoutSeconds itself; HttpClient's own 100 s must not cut in first.
        services.AddHttpClient(HttpCrmClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddKeyedSingleton(CrmOptions.SectionName, (provider, _) => new RequestPacer(provider.GetRequiredService<IOptions<CrmOptions>>().Value.RequestsPerSecond));
        services.TryAddSingleton<HttpCrmClient>();
        services.TryAddSingleton<ICrmClient>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<CrmOptions>>().Value.BaseUrl)
                ? new NotConfiguredCrmClient()
                : provider.GetRequiredService<HttpCrmClient>());

        services.AddOptions<CrmScheduleOptions>()
            .BindConfiguration(CrmScheduleOptions.SectionName)
            .Validate(o => string.IsNullOrWhiteSpace(o.Cron) || CronExpression.TryParse(o.Cron, CronFormat.IncludeSeconds, out _), "Crm:Schedule:Cron must be a six-field cron with seconds, such as '0 0 2 * * *'.")
            .Validate(o => string.IsNullOrWhiteSpace(o.SourceBlob) || BlobNames.IsValidUploadName(o.SourceBlob), "Crm:Schedule:SourceBlob must be a blob under uploads/, such as uploads/crm-feed.csv.")
            .ValidateOnStart();
        services.AddSingleton<IScheduleSeed, CrmScheduleSeed>();

        services.AddSingleton<CrmSyncRequestValidator>();
        return services.AddJobType<CrmSyncRequest>(Descriptor, (provider, request, token) => provider.GetRequiredService<CrmSyncRequestValidator>().ValidateAsync(request, token));
    }
}
