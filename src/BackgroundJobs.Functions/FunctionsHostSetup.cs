using Azure.Core.Serialization;
using BackgroundJobs.Api;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Core;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Telemetry;
using BackgroundJobs.Infrastructure;
using BackgroundJobs.JobTypes.BulkEmail;
using BackgroundJobs.JobTypes.CrmSync;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.JobTypes.Inference;
using BackgroundJobs.Infrastructure.Email;
using BackgroundJobs.Infrastructure.Storage;
using BackgroundJobs.JobTypes.HttpCall;
using BackgroundJobs.JobTypes.Reports;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackgroundJobs.Functions;

/// <summary>
/// The whole start-up of the Functions host, in one place so that tests build exactly the host that
/// <c>Program</c> runs.
/// </summary>
public static class FunctionsHostSetup
{
    public static FunctionsApplicationBuilder ConfigureBackgroundJobs(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // ASP.NET Core integration: triggers take HttpRequest and return the shared handlers' IResult.
        builder.ConfigureFunctionsWebApplication();

        // The same registration as the server. The host turns each class into an orchestrator or
        // activity function when the worker starts, so no [Function] wrappers are needed.
        var channels = InfrastructureServiceCollectionExtensions.JobEventChannelsFrom(builder.Configuration);
        builder.ConfigureDurableWorker().AddTasks(registry => registry.AddBackgroundJobTasks(channels));

        // The Durable extension builds its data converter from the worker serializer, so this makes
        // orchestration inputs, outputs and custom status camelCase, as they are on the server.
        builder.Services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(JobJson.Options));

        // Also gives IResult bodies (written with the ASP.NET Core HTTP JSON options, not the worker
        // serializer) JobJson's rules, so status enums read "pending", not 0.
        builder.Services.AddBackgroundJobsApi();
        builder.Services.AddBackgroundJobsInfrastructure(builder.Configuration);

        // The job types this host runs: one line each, from each type's folder in BackgroundJobs.JobTypes. AddTasks above runs when
        // the worker is built, after these lines, so it registers every type's orchestrator and activities.
        builder.Services.AddBulkEmailJob();
        builder.Services.AddDocumentsJob();
        builder.Services.AddCrmSyncJob();
        builder.Services.AddInferenceJob();
        builder.Services.AddReportsJob();
        builder.Services.AddHttpCallJob();

        // The Durable extension leaves custom status (progress) out of an instance read without inputs; its query keeps it.
        builder.Services.AddSingleton(new JobStatusReader(progressOnlyInQueries: true));
        builder.AddBackgroundJobsFunctionsTelemetry();

        // Events link to the job on the app's public host name, which App Service puts in WEBSITE_HOSTNAME.
        var configuration = builder.Configuration;
        builder.Services.AddSingleton<IJobLinks>(new ConfiguredJobLinks(() =>
            configuration[ConfiguredJobLinks.PublicBaseUrlSetting]
            ?? (configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host ? $"https://{host}" : null)));

        // GET /api/monitor reads the task hub's queues; built on first use, so a host without storage settings still starts.
        builder.Services.AddSingleton(_ => Monitoring.FunctionsQueueDepth.Create(configuration));

        // Activities of one job run on any instance of the app, so they must share one blob store;
        // the local-folder fallback that suits the self-hosted server would split a job's state.
        builder.Services.AddOptions<StorageOptions>()
            .Validate(
                options => !string.IsNullOrWhiteSpace(options.ConnectionString) || !string.IsNullOrWhiteSpace(options.BlobServiceUri),
                "Storage:ConnectionString or Storage:BlobServiceUri is required on the Functions host (UseDevelopmentStorage=true for Azurite; on Azure the blob endpoint, reached with the managed identity).")
            .ValidateOnStart();

        // Without a key, mail goes to the .eml outbox under the content root, which Flex Consumption
        // mounts read-only (and which no instance shares): a deployed app would fail every send.
        // func start sets Development, where the outbox is how one tries the app without SendGrid.
        var environment = builder.Environment;
        builder.Services.AddOptions<SendGridOptions>()
            .Validate(
                options => environment.IsDevelopment() || !string.IsNullOrWhiteSpace(options.ApiKey),
                "SendGrid:ApiKey is required on the Functions host outside Development (without it mail would go to the .eml outbox under the content root, which is read-only on Flex Consumption).")
            .ValidateOnStart();
        return builder;
    }
}
