using System.Text.Json;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Schedules;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.Schedules;

/// <summary>
/// The body of the one-minute timer <c>RunDueSchedules</c>, run as the Functions host would: the
/// function class from the host that <c>Program</c> builds, its blob store on Azurite, and a real
/// <see cref="DurableTaskClient"/> (the Durable Task in-process test host, in place of the one the
/// Functions host binds). A due occurrence starts one job, under the id derived from it.
/// </summary>
public sealed class RunDueSchedulesTests : IAsyncLifetime
{
    private readonly string container = $"t{Guid.NewGuid():N}"[..20];
    private IHost host = null!;
    private DurableTaskTestHost engine = null!;

    public async Task InitializeAsync()
    {
        var settings = FunctionsTestHost.DefaultSettings();
        settings["Storage:ConnectionString"] = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING")
            ?? throw new InvalidOperationException("AZURITE_CONNECTION_STRING is not set: run the tests with scripts/test.sh, which starts Azurite.");
        settings["Storage:Container"] = container;
        host = FunctionsTestHost.Build(settings);

        // No orchestrator is registered: the test reads what the timer started, not how it runs.
        engine = await DurableTaskTestHost.StartAsync(_ => { });
    }

    public async Task DisposeAsync()
    {
        await engine.DisposeAsync();
        host.Dispose();
    }

    [Fact]
    public async Task RunDueSchedules_ADueOccurrence_StartsOneJobNamedByIt_AndRecordsIt()
    {
        // Arrange: a schedule every second, saved a minute ago (stored as is: the API's minimum interval is not the point here).
        var now = DateTimeOffset.UtcNow;
        var request = JsonSerializer.SerializeToElement(new { subject = "Tick", text = "Hello", recipients = new[] { new { email = "ada@example.com" } } }, JobJson.Options);
        var store = host.Services.GetRequiredService<ScheduleStore>();
        await store.WriteAsync(new StoredSchedule("tick", "* * * * * *", "UTC", "bulk-email", request, ScheduleOverlap.Allow, ScheduleCatchUp.None, false, now.AddMinutes(-1)), ifMatch: null);
        var functions = ActivatorUtilities.CreateInstance<ScheduleFunctions>(host.Services);
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);

        // Act
        await functions.RunDueAsync(new TimerInfo(), engine.Client, context.Object);

        // Assert
        var state = await store.ReadStateAsync("tick");
        var outcome = Assert.Single(state.Outcomes);
        Assert.Equal(ScheduleOutcome.Started, outcome.Outcome);
        Assert.Equal(ScheduleRunner.JobIdFor("tick", outcome.Occurrence), outcome.JobId);
        Assert.InRange(outcome.Occurrence, now.AddSeconds(-1), DateTimeOffset.UtcNow);
        var job = await engine.Client.GetInstanceAsync(outcome.JobId!, getInputsAndOutputs: true);
        Assert.NotNull(job);
        Assert.Equal(JobTypeRegistry.OrchestratorFor("bulk-email"), job.Name);
        Assert.Contains("ada@example.com", job.SerializedInput, StringComparison.Ordinal); // the stored request, in the test engine's own JSON casing
    }
}
