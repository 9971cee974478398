using BackgroundJobs.Api;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Api.Telemetry;
using BackgroundJobs.Api.Uploads;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Infrastructure;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.JobTypes.CrmSync;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.JobTypes.Inference;
using BackgroundJobs.JobTypes.HttpCall;
using BackgroundJobs.JobTypes.Reports;
using BackgroundJobs.Server.Alerts;
using BackgroundJobs.Server.Auth;
using BackgroundJobs.Server.Engine;
using BackgroundJobs.Server.Notifications;
using BackgroundJobs.Server.OpenApi;
using BackgroundJobs.Server.Routes;
using BackgroundJobs.Server.Runtime;
using BackgroundJobs.Server.Schedules;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Monitoring;
using BackgroundJobs.Infrastructure.Monitoring;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace BackgroundJobs.Server;

/// <summary>
/// Builds the self-hosted server: the shared API and jobs on the in-process Durable Task engine.
/// Tests build it the same way, on a real Kestrel port.
/// </summary>
public static class BackgroundJobsServer
{
    private const string NoConfigReloadArgument = "--hostBuilder:reloadConfigOnChange=false";

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json is not watched for changes: the watcher watches the whole content root,
        // subfolders included, and the default data folder (.data) is in it. It then added an inotify
        // watch for every folder every job wrote (three a job, from a per-user limit of 8,192 on many
        // Linux hosts) and spent CPU on each. Settings apply on restart. Given first, so a
        // command-line --hostBuilder:reloadConfigOnChange=true still wins.
        var builder = WebApplication.CreateBuilder([NoConfigReloadArgument, .. args]);
        configure?.Invoke(builder);
        builder.AddBackgroundJobsServer();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapBackgroundJobsApi();
        app.MapDurableRuntime();
        app.MapDashboard();
        app.MapGet("/healthz", () => Results.Ok(new Health("healthy")))
            .Describe("operations", "health", "Answers {\"status\":\"healthy\"} for probes").Answers<Health>();
        app.MapBackgroundJobsOpenApi();
        return app;
    }

    public static IHostApplicationBuilder AddBackgroundJobsServer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<Api.Http.RequestBodyExceptionHandler>();
        services.AddBackgroundJobsApi();
        services.AddBackgroundJobsOpenApi();
        services.AddBackgroundJobsInfrastructure(builder.Configuration);

        // The job types this host runs: one line each, from each type's folder in BackgroundJobs.JobTypes.
        services.AddBulkEmailJob();
        services.AddDocumentsJob();
        services.AddCrmSyncJob();
        services.AddInferenceJob();
        services.AddReportsJob();
        services.AddHttpCallJob();

        // The in-memory engine loses every job on restart: outside Development it must be chosen, not
        // fallen into because a setting was forgotten.
        services.AddOptions<EngineOptions>()
            .BindConfiguration(EngineOptions.SectionName)
            .Validate(
                _ => builder.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(builder.Configuration[$"{EngineOptions.SectionName}:{nameof(EngineOptions.Kind)}"]),
                "Engine:Kind must be set outside Development (env Engine__Kind): AzureStorage for durable jobs, or InMemory to accept that every job is lost when the server stops.")
            .Validate(o => o.InMemoryRetention > TimeSpan.Zero, "Engine:InMemoryRetention must be a positive time span, such as 01:00:00.")
            .ValidateOnStart();
        services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.SectionName)
            .Validate(
                o => builder.Environment.IsDevelopment() || o.ApiKeys.Any(k => !string.IsNullOrWhiteSpace(k)),
                "Auth:ApiKeys must hold at least one key outside Development (env Auth__ApiKeys__0).")
            .ValidateOnStart();

        // Links in answers come from Notifications:PublicBaseUrl, or from the request's Host once
        // AllowedHosts has filtered it (the host filtering middleware answers 400 to other hosts).
        // Outside Development one of the two is required: an unfiltered Host header would be echoed
        // into Location and jobUri, and a forged one sends clients elsewhere.
        services.AddOptions<HostFilteringOptions>()
            .Validate(_ => string.IsNullOrWhiteSpace(builder.Configuration[PublicAddress.Setting]) || PublicAddress.IsValid(builder.Configuration[PublicAddress.Setting]), $"{PublicAddress.Setting} must be an absolute http or https URL, such as https://jobs.example.com.")
            .Validate(
                hosts => builder.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(builder.Configuration[PublicAddress.Setting]) || hosts.AllowedHosts.Any(h => h != "*"),
                $"Outside Development set {PublicAddress.Setting} (the public base URL links are built from) or AllowedHosts (the host names this server answers, ';'-separated; env AllowedHosts).")
            .ValidateOnStart();
        services.AddSingleton(ServerJobLinks.Create);
        services.AddSingleton<DataConverter>(new JsonDataConverter(JobJson.Options));
        services.AddSingleton<OrchestrationEngine>();
        services.AddSingleton<DurableTaskClient>(sp => new EngineDurableTaskClient(sp.GetRequiredService<OrchestrationEngine>().Client, sp.GetRequiredService<DataConverter>()));
        services.AddHostedService<DurableTaskWorkerService>();

        // Activities that read the engine (a job-history report lists jobs) run through this task, with this server's client.
        services.Configure<EngineTasks>(tasks => tasks.Registrations.Add(registry => registry.AddActivity<RunClientActivity>()));
        services.AddHostedService<AlertTimerService>();
        services.AddHostedService<Jobs.JobRetentionService>();
        services.AddHostedService<InMemoryRetentionService>();
        services.AddSingleton<IQueueDepthReader>(sp =>
        {
            var engine = sp.GetRequiredService<IOptions<EngineOptions>>().Value;
            var storage = sp.GetRequiredService<OrchestrationEngine>().Storage;
            return storage is not null
                ? new TaskHubQueueDepthReader(storage.CreateQueueServiceClient(), engine.TaskHubName)
                : new Monitoring.PendingInstancesQueueDepthReader(sp.GetRequiredService<DurableTaskClient>());
        });
        services.AddBackgroundJobsTelemetry(builder.Configuration, "BackgroundJobs.Server")
            .AddPendingJobGauges()
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation());
        services.AddHostedService<ScheduleService>();

        // Each handler enforces its own, smaller limit; this only caps the largest, an upload.
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var uploads = new UploadOptions();
            context.Configuration.GetSection(UploadOptions.SectionName).Bind(uploads);
            kestrel.Limits.MaxRequestBodySize = uploads.MaxBytes + (1024 * 1024);
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }
}
