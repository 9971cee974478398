using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.Api.Telemetry;

/// <summary>Where traces and metrics go besides the host's own channel (Application Insights on Functions).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// An OTLP/gRPC collector (<c>http://collector:4317</c>). The standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// (with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>) works too and is used when this is unset.
    /// </summary>
    [OptionalSetting("Deployed apps send telemetry to Application Insights; a collector is for self-hosted servers.")]
    public Uri? OtlpEndpoint { get; set; }
}
