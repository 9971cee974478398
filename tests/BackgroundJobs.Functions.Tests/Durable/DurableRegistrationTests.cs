using System.Text.Json;
using BackgroundJobs.Core;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Functions.Tests.Durable;

/// <summary>
/// Orchestrators and activities are not in functions.metadata: when the worker starts, the Durable
/// extension's metadata transformer adds one function per entry of the worker's
/// <see cref="DurableTaskRegistry"/> (named options, under the worker builder's name), and its executor
/// creates the class through the <see cref="IDurableTaskFactory"/> built from that registry. These
/// tests walk that same path on the host that <c>Program</c> builds.
/// </summary>
public sealed class DurableRegistrationTests : IDisposable
{
    private readonly Microsoft.Extensions.Hosting.IHost host = FunctionsTestHost.Build();

    public static TheoryData<Type> Orchestrators() => new(CoreTasks(typeof(ITaskOrchestrator)));

    public static TheoryData<Type> Activities() => new(CoreTasks(typeof(ITaskActivity)));

    public void Dispose() => host.Dispose();

    [Fact]
    public void CoreAssembly_HasOrchestratorsAndActivities()
    {
        Assert.NotEmpty(CoreTasks(typeof(ITaskOrchestrator)));
        Assert.NotEmpty(CoreTasks(typeof(ITaskActivity)));
    }

    [Theory]
    [MemberData(nameof(Orchestrators))]
    public void WorkerRegistry_HasEveryCoreOrchestrator(Type orchestrator)
    {
        var names = Registry().GetOrchestrators().Select(o => o.Key.Name);

        Assert.Contains(orchestrator.Name, names);
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void WorkerRegistry_HasEveryCoreActivity(Type activity)
    {
        var names = Registry().GetActivities().Select(a => a.Key.Name);

        Assert.Contains(activity.Name, names);
    }

    [Theory]
    [MemberData(nameof(Orchestrators))]
    public void MetadataTransformer_AddsAnOrchestrationTriggerFunction_ForEveryCoreOrchestrator(Type orchestrator)
    {
        var function = Assert.Single(FunctionsAddedAtStartup(), f => f.Name == orchestrator.Name);

        Assert.Equal("orchestrationTrigger", TriggerType(function));
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void MetadataTransformer_AddsAnActivityTriggerFunction_ForEveryCoreActivity(Type activity)
    {
        var function = Assert.Single(FunctionsAddedAtStartup(), f => f.Name == activity.Name);

        Assert.Equal("activityTrigger", TriggerType(function));
    }

    [Theory]
    [MemberData(nameof(Orchestrators))]
    public void TaskFactory_CreatesEveryCoreOrchestrator_FromTheHostsServices(Type orchestrator)
    {
        using var scope = host.Services.CreateScope();
        var factory = host.Services.GetRequiredService<IDurableTaskFactory>();

        Assert.True(factory.TryCreateOrchestrator(new TaskName(orchestrator.Name), scope.ServiceProvider, out var created));
        Assert.IsType(orchestrator, created);
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void TaskFactory_CreatesEveryCoreActivity_FromTheHostsServices(Type activity)
    {
        using var scope = host.Services.CreateScope();
        var factory = host.Services.GetRequiredService<IDurableTaskFactory>();

        Assert.True(factory.TryCreateActivity(new TaskName(activity.Name), scope.ServiceProvider, out var created));
        Assert.IsType(activity, created);
    }

    [Fact]
    public void MetadataTransformer_AddsNothing_BeyondTheRegisteredTasks()
    {
        var expected = CoreTasks(typeof(ITaskOrchestrator)).Concat(CoreTasks(typeof(ITaskActivity))).Select(t => t.Name).Order(StringComparer.Ordinal);

        var added = FunctionsAddedAtStartup().Select(f => f.Name).Order(StringComparer.Ordinal);

        Assert.Equal(expected, added);
    }

    // The platform's tasks and the built-in job types' (BackgroundJobs.JobTypes).
    private static List<Type> CoreTasks(Type kind) =>
        typeof(BackgroundJobTasks).Assembly.GetTypes().Concat(typeof(JobTypes.HttpCall.HttpCallJob).Assembly.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && kind.IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    private static string? TriggerType(IFunctionMetadata function)
    {
        var trigger = Assert.Single(function.RawBindings ?? [], b => b.Contains("Trigger", StringComparison.Ordinal));
        using var binding = JsonDocument.Parse(trigger);
        return binding.RootElement.GetProperty("type").GetString();
    }

    // ConfigureDurableWorker() registers the worker under the default options name.
    private DurableTaskRegistry Registry() =>
        host.Services.GetRequiredService<IOptionsMonitor<DurableTaskRegistry>>().Get(Options.DefaultName);

    private List<IFunctionMetadata> FunctionsAddedAtStartup()
    {
        var functions = new List<IFunctionMetadata>();
        foreach (var transformer in host.Services.GetServices<IFunctionMetadataTransformer>())
        {
            transformer.Transform(functions);
        }

        return functions;
    }
}
