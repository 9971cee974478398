using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using Microsoft.DurableTask;

namespace BackgroundJobs.Server.Tests.Registry;

public sealed class EchoOrchestrator(JobEventChannels channels) : JobOrchestrator<EchoRequest, EchoResult>(channels)
{
    protected override async Task<EchoResult> RunJobAsync(TaskOrchestrationContext context, EchoRequest input) =>
        new(await context.CallActivityAsync<string>(nameof(EchoActivity), input));
}
