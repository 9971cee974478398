using Microsoft.DurableTask;

namespace BackgroundJobs.Server.Engine;

/// <summary>
/// Orchestrators and activities the worker runs besides the jobs' own (<c>AddBackgroundJobTasks</c>):
/// a host embedding the server adds its own here, as the benchmark adds its engine probes.
/// </summary>
public sealed class EngineTasks
{
    public List<Action<DurableTaskRegistry>> Registrations { get; } = [];
}
