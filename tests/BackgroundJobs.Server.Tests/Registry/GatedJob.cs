using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Registry;

/// <summary>
/// A test type that declares a setting it needs and always fails: a failed job of a type the door
/// checks, so that a retry can be refused once the setting is gone.
/// </summary>
public static class GatedJob
{
    public const string Name = "gated-test";

    public const string Setting = "Gated:Token";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<EchoRequest, EchoResult, GatedOrchestrator>(
        Name,
        channels => new GatedOrchestrator(channels),
        requires: [Setting]);

    public static IServiceCollection AddGatedJob(this IServiceCollection services) =>
        services.AddJobType<EchoRequest>(Descriptor, (_, _, _) => Task.FromResult(new Dictionary<string, string[]>(StringComparer.Ordinal)));
}

public sealed class GatedOrchestrator(JobEventChannels channels) : JobOrchestrator<EchoRequest, EchoResult>(channels)
{
    protected override Task<EchoResult> RunJobAsync(TaskOrchestrationContext context, EchoRequest input) =>
        throw new InvalidOperationException("A gated job always fails, so that it can be retried.");
}
