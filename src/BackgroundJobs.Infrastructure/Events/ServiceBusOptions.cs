using System.Diagnostics.CodeAnalysis;
using BackgroundJobs.Core.Configuration;

namespace BackgroundJobs.Infrastructure.Events;

/// <summary>
/// Section <c>ServiceBus</c>: job events are published to <see cref="Topic"/> when it is set with a
/// connection string or, identity-based, the namespace.
/// </summary>
public sealed class ServiceBusOptions
{
    public const string SectionName = "ServiceBus";

    [OptionalSetting("Deployed apps reach Service Bus with their identity through FullyQualifiedNamespace.")]
    public string? ConnectionString { get; set; }

    /// <summary>Such as <c>my-namespace.servicebus.windows.net</c>; used with <c>DefaultAzureCredential</c>.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    public string? Topic { get; set; }

    [MemberNotNullWhen(true, nameof(Topic))]
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Topic)
        && (!string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(FullyQualifiedNamespace));
}
