using BackgroundJobs.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BackgroundJobs.Functions.Tests.Hosting;

/// <summary>The Functions worker exports our meter and spans, to Application Insights when the app has a connection string.</summary>
public sealed class FunctionsTelemetryTests
{
    // The shape infra sets; the key is a placeholder, and nothing is sent while these tests run.
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/";

    [Theory]
    [InlineData(null, null)]
    [InlineData(ConnectionString, null)]
    [InlineData(ConnectionString, "ClientId=11111111-1111-1111-1111-111111111111;Authorization=AAD")]
    public void Host_WithOrWithoutApplicationInsights_ExportsTheJobMeterAndSpans(string? connectionString, string? authentication)
    {
        var settings = FunctionsTestHost.DefaultSettings();
        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connectionString;
        settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = authentication;
        var metrics = new List<Metric>();
        var spans = new List<System.Diagnostics.Activity>();
        using var host = FunctionsTestHost.Build(settings, services => services.AddOpenTelemetry()
            .WithMetrics(m => m.AddInMemoryExporter(metrics))
            .WithTracing(t => t.AddInMemoryExporter(spans)));
        var meters = host.Services.GetRequiredService<MeterProvider>();
        host.Services.GetRequiredService<TracerProvider>();

        const string type = "functions-telemetry-test";
        JobMetrics.JobStarted(type);
        using (var span = JobTelemetry.ActivitySource.StartActivity("job.start"))
        {
            span?.SetTag(JobTelemetry.JobTypeTag, type);
        }

        meters.ForceFlush();
        Assert.Contains(metrics, m => m.Name == JobMetrics.StartedName);

        // With Application Insights its exporter's rate-limited sampler decides which traces are kept
        // (metrics are never sampled, so the alerts still see every failure).
        if (connectionString is null)
        {
            Assert.Contains(spans, s => (string?)s.GetTagItem(JobTelemetry.JobTypeTag) == type);
        }
    }
}
