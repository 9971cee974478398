using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Tracing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreOrchestrationQuery = DurableTask.Core.Query.OrchestrationQuery;
using CorePurgeResult = DurableTask.Core.PurgeResult;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace BackgroundJobs.Server.Engine;

/// <summary>
/// A <see cref="DurableTaskClient"/> written over the Durable Task Framework's
/// <see cref="IOrchestrationServiceClient"/>, so the shared HTTP handlers talk to the in-process
/// engine exactly as they talk to Durable Functions on the other host.
/// </summary>
public sealed class EngineDurableTaskClient(IOrchestrationServiceClient service, DataConverter converter)
    : DurableTaskClient("engine")
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // An instance id that is pending or running cannot be started again; a finished one is replaced,
    // as Durable Functions does.
    private static readonly OrchestrationStatus[] DedupeStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Suspended];

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var started = new ExecutionStartedEvent(-1, converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags?.ToDictionary(p => p.Key, p => p.Value),

            // As the framework's own TaskHubClient does: the engine starts the orchestration's span
            // under this W3C context and hands it on to activities and sub-orchestrations through
            // their history events, so replays see the same parents.
            ParentTraceContext = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
                ? new DistributedTraceContext(current.Id!, current.TraceStateString)
                : null,
        };
        await service.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, DedupeStatuses);
        return instance.InstanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new EventRaisedEvent(-1, converter.Serialize(eventPayload)) { Name = eventName });

    /// <remarks>
    /// With <see cref="TerminateInstanceOptions.Recursive"/> the sub-orchestrations (<c>{instanceId}:...</c>)
    /// are terminated too; the parent first, so that it starts no new one.
    /// </remarks>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        // A reason is text: serialized, it would be stored and shown as "\"reason\"".
        var reason = options?.Output is string text ? text : converter.Serialize(options?.Output);
        await service.ForceTerminateTaskOrchestrationAsync(instanceId, reason);
        if (options?.Recursive == true)
        {
            await SubInstances.ApplyUntilSettledAsync(
                this,
                instanceId,
                SubInstances.Active,
                parent => parent.IsCompleted,
                id => service.ForceTerminateTaskOrchestrationAsync(id, reason),
                cancellation);
        }
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason));

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumedEvent(-1, reason));

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var states = await service.GetOrchestrationStateAsync(instanceId, allExecutions: false);
        var state = states?.FirstOrDefault();
        return state is null ? null : OrchestrationStateMapping.ToMetadata(state, converter, getInputsAndOutputs);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        if (service is not IOrchestrationServiceQueryClient query)
        {
            throw new NotSupportedException($"{service.GetType().Name} cannot list instances.");
        }

        return Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var request = new CoreOrchestrationQuery
            {
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
                RuntimeStatus = filter?.Statuses?.Select(OrchestrationStateMapping.ToCoreStatus).ToList(),
            };
            var result = await query.GetOrchestrationWithQueryAsync(request, cancellation);
            var items = result.OrchestrationState
                .Select(s => OrchestrationStateMapping.ToMetadata(s, converter, request.FetchInputsAndOutputs))
                .ToList();
            return new Page<OrchestrationMetadata>(items, result.ContinuationToken);
        });
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    /// <remarks>
    /// With <see cref="PurgeInstanceOptions.Recursive"/> the finished sub-orchestrations
    /// (<c>{instanceId}:...</c>) are purged too, before the instance, so that a purge that stops
    /// half-way can be repeated on the instance.
    /// </remarks>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var client = PurgeClient();
        var deleted = 0;
        if (options?.Recursive == true)
        {
            foreach (var id in await SubInstances.FindAsync(this, instanceId, SubInstances.Finished, cancellation))
            {
                deleted += (await client.PurgeInstanceStateAsync(id)).DeletedInstanceCount;
            }
        }

        deleted += (await client.PurgeInstanceStateAsync(instanceId)).DeletedInstanceCount;
        return new PurgeResult(deleted);
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var coreFilter = new PurgeInstanceFilter(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(OrchestrationStateMapping.ToCoreStatus));
        CorePurgeResult purged = await PurgeClient().PurgeInstanceStateAsync(coreFilter);
        return new PurgeResult(purged.DeletedInstanceCount);
    }

    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        var existing = await GetInstancesAsync(instanceId, getInputsAndOutputs: true, cancellation)
            ?? throw new ArgumentException($"There is no instance '{instanceId}'.", nameof(instanceId));
        if (!existing.IsCompleted)
        {
            throw new InvalidOperationException($"Instance '{instanceId}' is still {existing.RuntimeStatus}; only a finished instance can be restarted.");
        }

        var input = existing.SerializedInput is null ? null : new SerializedInput(existing.SerializedInput);
        return await ScheduleNewOrchestrationInstanceAsync(
            existing.Name,
            input,
            new StartOrchestrationOptions(restartWithNewInstanceId ? null : instanceId),
            cancellation);
    }

    /// <summary>
    /// The history of the instance's current execution as the engine serializes it (a JSON array of
    /// its history events), for the status URL's <c>showHistory</c>; null when there is no such
    /// instance, an empty array while it is pending.
    /// </summary>
    /// <exception cref="NotSupportedException">The engine keeps no history it can hand out (the in-memory engine).</exception>
    public async Task<string?> GetHistoryJsonAsync(string instanceId, CancellationToken cancellation = default)
    {
        var state = (await service.GetOrchestrationStateAsync(instanceId, allExecutions: false))?.FirstOrDefault();
        if (state is null)
        {
            return null;
        }

        if (state.OrchestrationStatus == OrchestrationStatus.Pending)
        {
            return "[]";
        }

        try
        {
            return await service.GetOrchestrationHistoryAsync(instanceId, state.OrchestrationInstance.ExecutionId);
        }
        catch (NotImplementedException ex)
        {
            throw new NotSupportedException($"{service.GetType().Name} keeps no history that can be read.", ex);
        }
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IOrchestrationServicePurgeClient PurgeClient() =>
        service as IOrchestrationServicePurgeClient
            ?? throw new NotSupportedException($"{service.GetType().Name} cannot purge instances.");

    private Task SendAsync(string instanceId, HistoryEvent historyEvent) =>
        service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = historyEvent,
        });

    private async Task<OrchestrationMetadata> PollAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        while (true)
        {
            var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
            if (metadata is not null && done(metadata))
            {
                return metadata;
            }

            await Task.Delay(PollInterval, cancellation);
        }
    }
}
