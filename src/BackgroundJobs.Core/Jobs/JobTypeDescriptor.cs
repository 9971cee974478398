using System.Text.RegularExpressions;
using BackgroundJobs.Core.Notifications;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// One job type, declared once: its public name (the last segment of <c>POST /api/jobs/{type}</c>),
/// its request and result types, its orchestrator and the activities and sub-orchestrators it runs,
/// and the limits it announces in <c>GET /api/job-types</c>. Hosts add it with one registration line;
/// <see cref="JobTypeRegistry"/> then gives it to every reader of job types.
/// </summary>
public sealed partial class JobTypeDescriptor
{
    private readonly Func<JobEventChannels, ITaskOrchestrator> createOrchestrator;
    private readonly Action<DurableTaskRegistry>? addTasks;

    private JobTypeDescriptor(
        string name,
        Type requestType,
        Type resultType,
        string orchestratorName,
        Func<JobEventChannels, ITaskOrchestrator> createOrchestrator,
        Action<DurableTaskRegistry>? addTasks,
        IReadOnlyDictionary<string, object>? limits,
        IReadOnlyList<string>? requiredSettings)
    {
        Name = name;
        RequestType = requestType;
        ResultType = resultType;
        OrchestratorName = orchestratorName;
        this.createOrchestrator = createOrchestrator;
        this.addTasks = addTasks;
        Limits = limits ?? new Dictionary<string, object>(StringComparer.Ordinal);
        RequiredSettings = requiredSettings ?? [];
    }

    public string Name { get; }

    public Type RequestType { get; }

    public Type ResultType { get; }

    /// <summary>The name the engine stores for an instance: how a stored instance is turned back into its job type.</summary>
    public string OrchestratorName { get; }

    /// <summary>Limits a client should know before it submits (largest list, largest file), by name; empty if the type has none.</summary>
    public IReadOnlyDictionary<string, object> Limits { get; }

    /// <summary>
    /// The configuration keys (such as <c>Crm:BaseUrl</c>) a host must set before this type can run there.
    /// A start, or a retry, on a host without one is refused before anything is stored or started.
    /// </summary>
    public IReadOnlyList<string> RequiredSettings { get; }

    /// <param name="name">Lower-case letters, digits and hyphens, starting with a letter: it is a URL segment.</param>
    /// <param name="create">
    /// Builds the orchestrator with the host's event channels: the engine creates orchestrators itself,
    /// never from the host's services.
    /// </param>
    /// <param name="tasks">The type's own activities and sub-orchestrators.</param>
    /// <param name="requires">Configuration keys the type cannot run without (see <see cref="RequiredSettings"/>).</param>
    public static JobTypeDescriptor Create<TRequest, TResult, TOrchestrator>(
        string name,
        Func<JobEventChannels, TOrchestrator> create,
        Action<DurableTaskRegistry>? tasks = null,
        IReadOnlyDictionary<string, object>? limits = null,
        IReadOnlyList<string>? requires = null)
        where TRequest : IJobRequest
        where TOrchestrator : JobOrchestrator<TRequest, TResult>
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(create);
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"A job type name is lower-case letters, digits and hyphens, starting with a letter; '{name}' is not.", nameof(name));
        }

        // POST /api/jobs/retry retries failed jobs: a type of that name could never be started.
        if (ReservedNames.Contains(name))
        {
            throw new ArgumentException($"'{name}' is a route of its own under /api/jobs and cannot name a job type.", nameof(name));
        }

        return new JobTypeDescriptor(name, typeof(TRequest), typeof(TResult), typeof(TOrchestrator).Name, channels => create(channels), tasks, limits, requires);
    }

    /// <summary>Registers the orchestrator under <see cref="OrchestratorName"/> and the type's own tasks.</summary>
    public void AddTasks(DurableTaskRegistry registry, JobEventChannels channels)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(channels);
        registry.AddOrchestrator(OrchestratorName, () => createOrchestrator(channels));
        addTasks?.Invoke(registry);
    }

    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal) { "retry" };

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
