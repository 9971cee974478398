namespace BackgroundJobs.Infrastructure.Events;

/// <summary>Section <c>ServiceBus</c>: job events are published when both are set.</summary>
public sealed class ServiceBusOptions
{
    public const string SectionName = "ServiceBus";

    public string? ConnectionString { get; set; }

    public string? Topic { get; set; }
}
