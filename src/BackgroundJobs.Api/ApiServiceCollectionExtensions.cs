using BackgroundJobs.Api.Alerts;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Api.ResultFiles;
using BackgroundJobs.Api.Uploads;
using BackgroundJobs.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackgroundJobs.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The shared HTTP handlers; each host maps its routes or triggers onto them.</summary>
    public static IServiceCollection AddBackgroundJobsApi(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName);

        // Responses use the same JSON shape as everything the jobs store: camelCase, enums as strings, no nulls.
        // JobJson.Options is read-only and the HTTP options instance belongs to the framework, so the rules are copied.
        services.ConfigureHttpJsonOptions(o =>
        {
            var options = o.SerializerOptions;
            options.PropertyNamingPolicy = JobJson.Options.PropertyNamingPolicy;
            options.PropertyNameCaseInsensitive = JobJson.Options.PropertyNameCaseInsensitive;
            options.NumberHandling = JobJson.Options.NumberHandling;
            options.DefaultIgnoreCondition = JobJson.Options.DefaultIgnoreCondition;
            foreach (var converter in JobJson.Options.Converters)
            {
                options.Converters.Add(converter);
            }
        });
        // Needs the IBlobStore each host registers (AddBackgroundJobsInfrastructure) for idempotency records.
        services.AddSingleton<JobStarter>();
        services.AddSingleton<JobTypeAvailability>();
        services.TryAddSingleton<Http.PublicAddress>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JobCanceller>();
        services.AddOptions<AlertOptions>()
            .BindConfiguration(AlertOptions.SectionName)
            .Validate(o => o.FailureThreshold >= 0 && o.Window > TimeSpan.Zero && o.MaxPendingAge > TimeSpan.Zero && o.CheckInterval > TimeSpan.Zero, "Alerts: FailureThreshold must be 0 or more; Window, MaxPendingAge and CheckInterval positive.")
            .Validate(o => string.IsNullOrEmpty(o.WebhookUrl) || Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out _), "Alerts:WebhookUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<AlertCheck>();
        services.AddSingleton<CancelJobEndpoint>();

        // Operating jobs (issue 5): list, details, retry, purge and retention.
        services.AddOptions<JobRetentionOptions>().BindConfiguration(JobRetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ListJobsEndpoint>();
        services.AddSingleton<JobDetails>();
        // A host whose engine leaves progress out of a read without inputs (Functions) registers its own.
        services.TryAddSingleton(new JobStatusReader());
        services.AddSingleton<JobRetrier>();
        services.AddSingleton<RetryJobEndpoints>();
        services.AddSingleton<JobPurger>();
        services.AddSingleton<PurgeJobEndpoint>();
        services.AddSingleton<JobRetention>();

        // Needs the IQueueDepthReader each host registers for its engine.
        services.AddSingleton<Monitoring.MonitorEndpoint>();
        services.AddSingleton<Dashboard.DashboardEndpoint>();
        services.AddSingleton<JobRequestValidator>();
        services.AddSingleton<WebhookDeliveryEndpoints>();
        services.AddSingleton<JobEventStreamEndpoint>();
        services.AddSingleton<UploadEndpoint>();
        services.AddSingleton<NamedUploadEndpoint>();
        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.SectionName);
        services.AddSingleton<ScheduleStore>();
        services.AddSingleton<ScheduleValidator>();
        services.AddSingleton<ScheduleRunner>();
        services.AddSingleton<ScheduleChanges>();
        services.AddSingleton<ScheduleEndpoints>();
        // Schedules a job type asks for in its settings (IScheduleSeed), written before the schedule runner starts.
        services.AddHostedService<ScheduleSeeder>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ClientActivities>();
        services.AddSingleton<JobResultLinks>();
        services.AddSingleton<JobResultDownloadEndpoint>();
        services.TryAddSingleton<JobTypeEndpoints>();
        return services;
    }
}
