using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.Server.Tests.Registry;

/// <summary>A job type written outside the platform, added through the public registration only.</summary>
public static class EchoJob
{
    public const string Name = "echo-test";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<EchoRequest, EchoResult, EchoOrchestrator>(
        Name,
        channels => new EchoOrchestrator(channels),
        registry => registry.AddActivity<EchoActivity>(),
        new Dictionary<string, object>(StringComparer.Ordinal) { ["maxTimes"] = 10 });

    public static IServiceCollection AddEchoJob(this IServiceCollection services) =>
        services.AddJobType<EchoRequest>(Descriptor, (_, request, _) => Task.FromResult(
            request.Times is < 1 or > 10
                ? new Dictionary<string, string[]>(StringComparer.Ordinal) { ["times"] = ["must be 1 to 10."] }
                : new Dictionary<string, string[]>(StringComparer.Ordinal)));
}
