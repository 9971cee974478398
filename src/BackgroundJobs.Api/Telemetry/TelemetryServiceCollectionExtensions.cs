using BackgroundJobs.Api.Monitoring;
using BackgroundJobs.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BackgroundJobs.Api.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The standard variable that points every OTLP signal at a collector.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The Durable Task Framework's own spans (orchestrations, activities, timers), which carry a
    /// job's trace from its start through every activity: <c>DurableTask.Core</c> on the server's
    /// engine, <c>Microsoft.DurableTask</c> in the isolated worker's SDK.
    /// </summary>
    public static readonly string[] DurableTaskSources = ["DurableTask.Core", "Microsoft.DurableTask"];

    /// <summary>
    /// Traces and metrics both hosts emit: our <c>BackgroundJobs</c> source and meter, the engine's spans and outgoing HTTP calls (SendGrid,
    /// webhooks). Exported over OTLP when a collector is configured; each host adds its own exporter
    /// and instrumentation (ASP.NET Core on the server, Application Insights on Functions) on the returned builder.
    /// </summary>
    public static OpenTelemetryBuilder AddBackgroundJobsTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(JobTelemetry.SourceName)
                .AddSource(DurableTaskSources)
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(JobTelemetry.SourceName));

        var endpoint = configuration[$"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.OtlpEndpoint)}"];
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            builder.UseOtlpExporter(OtlpExportProtocol.Grpc, new Uri(endpoint));
        }
        else if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            // Reads the endpoint, protocol and headers from the standard OTEL_EXPORTER_OTLP_* variables.
            builder.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// The queue-depth and oldest-pending-age gauges. They read the <see cref="IPendingJobs"/> the host
    /// registered, by default one counting through the <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/>
    /// in the container (the server registers one; Durable Functions hands its client only to
    /// functions, so the Functions host registers its own first).
    /// </summary>
    public static OpenTelemetryBuilder AddPendingJobGauges(this OpenTelemetryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IPendingJobs, PendingJobsFromClient>();
        builder.Services.AddSingleton<PendingJobGauges>();

        // Created with the provider so that its gauges exist whenever metrics are collected.
        return builder.WithMetrics(metrics => metrics.AddInstrumentation(provider => provider.GetRequiredService<PendingJobGauges>()));
    }
}
