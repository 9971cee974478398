using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using BackgroundJobs.Api.Telemetry;
using BackgroundJobs.Core.Telemetry;
using BackgroundJobs.Functions.Monitoring;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BackgroundJobs.Functions.Telemetry;

/// <summary>
/// The worker's telemetry: the shared traces and metrics (OTLP when configured), the Functions
/// worker's own spans and resource (<c>UseFunctionsWorkerDefaults</c>), and Application Insights when
/// the app has a connection string. Logs keep going through the Functions host as before, so they are
/// not sent twice. The Durable extension traces orchestrations on the host side (host.json's
/// <c>durableTask.tracing</c>).
/// </summary>
internal static class FunctionsTelemetrySetup
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Set by infra to <c>ClientId=...;Authorization=AAD</c>: local auth is off, so the exporter signs in as the app's identity.</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static FunctionsApplicationBuilder AddBackgroundJobsFunctionsTelemetry(this FunctionsApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // The gauges read what the RecordPendingJobs timer counted (see LatestPendingJobs).
        builder.Services.AddSingleton<LatestPendingJobs>();
        builder.Services.AddSingleton<IPendingJobs>(services => services.GetRequiredService<LatestPendingJobs>());
        var telemetry = builder.Services.AddBackgroundJobsTelemetry(configuration, "BackgroundJobs.Functions")
            .AddPendingJobGauges()
            .UseFunctionsWorkerDefaults();
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            return builder;
        }

        var credential = CredentialFor(configuration[AuthenticationStringSetting]);
        telemetry
            .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(options => options.ConnectionString = configuration[ConnectionStringSetting], credential))
            .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(options => options.ConnectionString = configuration[ConnectionStringSetting], credential));
        return builder;
    }

    /// <summary>Entra ID (the identity named by <c>AZURE_CLIENT_ID</c>) when the authentication string asks for it; else the connection string's key.</summary>
    internal static TokenCredential? CredentialFor(string? authenticationString) =>
        authenticationString?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true
            ? new DefaultAzureCredential()
            : null;
}
