using BackgroundJobs.Core;
using BackgroundJobs.Core.Notifications;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Server.Engine;

/// <summary>
/// Runs the Durable Task Framework's <see cref="TaskHubWorker"/> with our class-based orchestrators
/// and activities, adapted by <see cref="DurableTaskShimFactory"/> from the same registration the
/// Functions host uses. Stopping waits for work in flight, so a graceful shutdown leaves no
/// activity half done, but no longer than the host's shutdown timeout
/// (<see cref="HostOptions.ShutdownTimeout"/>), so a stop always ends; what is still running then
/// is left to the queues' visibility timeout and, for an e-mail batch, its claim.
/// </summary>
internal sealed class DurableTaskWorkerService(
    OrchestrationEngine engine,
    DataConverter converter,
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    IOptions<EngineTasks> extraTasks,
    IHostEnvironment environment,
    ILogger<DurableTaskWorkerService> logger) : IHostedService, IAsyncDisposable
{
    private TaskHubWorker? worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await engine.Service.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry().AddBackgroundJobTasks(services.GetRequiredService<JobEventChannels>());
        extraTasks.Value.Registrations.ForEach(register => register(registry));
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = converter }, loggerFactory);
        var activityLogger = loggerFactory.CreateLogger<JobScopedActivity>();

        worker = new TaskHubWorker(engine.Service, loggerFactory)
        {
            // Failure details (type, message) reach the orchestrator's retry handlers and the job's error.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        worker.AddTaskOrchestrations(registry.GetOrchestrators()
            .Select(p => new DelegateObjectCreator<TaskOrchestration>(p.Key.Name, () => shims.CreateOrchestration(p.Key, p.Value(services))))
            .ToArray<ObjectCreator<TaskOrchestration>>());
        worker.AddTaskActivities(registry.GetActivities()
            .Select(p => new DelegateObjectCreator<TaskActivity>(p.Key.Name, () => new JobScopedActivity(shims.CreateActivity(p.Key, p.Value(services)), activityLogger)))
            .ToArray<ObjectCreator<TaskActivity>>());
        await worker.StartAsync();
        Logs.EngineStarted(logger, engine.Kind);
        if (engine.Kind == EngineKind.InMemory && !environment.IsDevelopment())
        {
            Logs.InMemoryEngineOutsideDevelopment(logger, environment.EnvironmentName);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (worker is not null)
        {
            Logs.EngineStopping(logger);
            try
            {
                await worker.StopAsync(isForced: false).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Logs.EngineStopTimedOut(logger);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        worker?.Dispose();
        return ValueTask.CompletedTask;
    }
}
