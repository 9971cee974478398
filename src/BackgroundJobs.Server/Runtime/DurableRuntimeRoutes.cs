using System.Text.Json;
using System.Text.Json.Nodes;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Server.Engine;
using BackgroundJobs.Server.Routes;
using BackgroundJobs.Server.OpenApi;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Runtime;

/// <summary>
/// The Durable Functions instance-management HTTP API on the server's own engine, at the paths the
/// Functions host uses: status (<c>202</c> + <c>Retry-After</c> while running, <c>200</c> when done),
/// the list and purge by filter, raiseEvent, terminate, suspend, resume, restart and purge.
/// Terminate, suspend, resume and purge act on an instance's sub-orchestrations too: a job's chunks
/// are its own work. See docs/durable-http-api.md.
/// </summary>
internal static class DurableRuntimeRoutes
{
    /// <summary>An event is a signal with a small payload, not a way to move data into a job.</summary>
    public const int MaxEventBytes = 64 * 1024;

    private const string ContinuationHeader = "x-ms-continuation-token";

    private const string Tag = "durable runtime";

    public static IEndpointRouteBuilder MapDurableRuntime(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup(ServerManagementLinks.InstancesPath)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]));
        instances.MapGet(string.Empty, ListAsync)
            .Describe(Tag, "listInstances", "List instances, a page at a time").Answers<IReadOnlyList<InstanceStatus>>().Problems(400);
        instances.MapDelete(string.Empty, PurgeByFilterAsync)
            .Describe(Tag, "purgeInstances", "Purge the finished instances in a time range").Answers<PurgedInstances>().Problems(400, 404);
        instances.MapGet("/{id}", GetStatusAsync)
            .Describe(Tag, "getInstanceStatus", "An instance's Durable Functions status: 202 while running, 200 when done")
            .Answers<InstanceStatus>().Answers<InstanceStatus>(StatusCodes.Status202Accepted).Answers<InstanceStatus>(StatusCodes.Status500InternalServerError).Problems(400, 404, 501);
        instances.MapDelete("/{id}", PurgeAsync)
            .Describe(Tag, "purgeInstance", "Purge a finished instance, its sub-instances and blobs").Answers<PurgedInstances>().Problems(404, 409);
        instances.MapPost("/{id}/raiseEvent/{eventName}", RaiseEventAsync)
            .Describe(Tag, "raiseInstanceEvent", "Send an event to a running instance (optional JSON body, at most 64 KiB)").Produces(StatusCodes.Status202Accepted).Problems(400, 404, 410, 413, 415);
        instances.MapPost("/{id}/terminate", (string id, string? reason, DurableTaskClient client, JobCanceller canceller, CancellationToken ct) =>
            WhileRunningAsync(client, id, () => TerminateAsync(id, reason, client, canceller, ct), ct))
            .Describe(Tag, "terminateInstance", "Terminate a running instance (on the server, a job is canceled)").Produces(StatusCodes.Status202Accepted).Problems(404, 410);
        instances.MapPost("/{id}/suspend", (string id, string? reason, DurableTaskClient client, CancellationToken ct) =>
            WhileRunningAsync(client, id, () => client.SuspendRecursiveAsync(id, reason, ct), ct))
            .Describe(Tag, "suspendInstance", "Suspend a running instance and its sub-instances").Produces(StatusCodes.Status202Accepted).Problems(404, 410);
        instances.MapPost("/{id}/resume", (string id, string? reason, DurableTaskClient client, CancellationToken ct) =>
            WhileRunningAsync(client, id, () => client.ResumeRecursiveAsync(id, reason, ct), ct))
            .Describe(Tag, "resumeInstance", "Resume a suspended instance and its sub-instances").Produces(StatusCodes.Status202Accepted).Problems(404, 410);
        instances.MapPost("/{id}/restart", RestartAsync)
            .Describe(Tag, "restartInstance", "Start a finished instance again with the same input").Answers<RestartedInstance>(StatusCodes.Status202Accepted).Problems(404, 409);
        return app;
    }

    // A job is canceled as POST /api/jobs/{id}/cancel does it (recorded and notified); anything else
    // (a chunk) is only terminated. The Functions host's built-in route only terminates.
    private static async Task TerminateAsync(string id, string? reason, DurableTaskClient client, JobCanceller canceller, CancellationToken ct)
    {
        var canceled = await canceller.CancelAsync(client, id, reason, "durable-runtime-api", ct);
        if (canceled.Outcome == CancelOutcome.NotFound)
        {
            await client.TerminateInstanceAsync(id, new TerminateInstanceOptions(reason, Recursive: true), ct);
        }
    }

    private static async Task<IResult> GetStatusAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var (showInput, inputProblem) = RuntimeQuery.Flag(request.Query, "showInput", absent: true);
        var (showHistory, historyProblem) = RuntimeQuery.Flag(request.Query, "showHistory", absent: false);
        var (showHistoryOutput, outputProblem) = RuntimeQuery.Flag(request.Query, "showHistoryOutput", absent: false);
        var (failureIs500, failureProblem) = RuntimeQuery.Flag(request.Query, "returnInternalServerErrorOnFailure", absent: false);
        if ((inputProblem ?? historyProblem ?? outputProblem ?? failureProblem) is { } problem)
        {
            return problem;
        }

        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
        if (instance is null)
        {
            return Problems.NotFound($"There is no instance '{id}'.");
        }

        JsonArray? history = null;
        if (showHistory)
        {
            try
            {
                var engineHistory = client is EngineDurableTaskClient engine ? await engine.GetHistoryJsonAsync(id, ct) : throw new NotSupportedException();
                history = engineHistory is null ? [] : InstanceHistory.Shape(engineHistory, showHistoryOutput, showInput);
            }
            catch (NotSupportedException)
            {
                return Problems.Field("showHistory", "is not available on this engine: the in-memory engine keeps no history that can be read (Engine:Kind=AzureStorage does).", StatusCodes.Status501NotImplemented, "Not implemented.");
            }
        }

        var body = InstanceStatus.From(instance, showInput, history);
        return instance.RuntimeStatus switch
        {
            // As the Functions extension answers: a failure is a 200 unless the caller asks for a 500.
            OrchestrationRuntimeStatus.Failed when failureIs500 => Results.Json(body, statusCode: StatusCodes.Status500InternalServerError),
            _ when instance.IsCompleted => Results.Ok(body),
            _ => Running(),
        };

        IResult Running()
        {
            request.HttpContext.Response.SetRetryAfter();
            return Results.Accepted(ServerManagementLinks.For(request)(id).StatusQueryGetUri, body);
        }
    }

    /// <summary>
    /// <c>GET .../instances</c>: one page of instances, <c>top</c> at a time (100 by default), and the
    /// <c>x-ms-continuation-token</c> header when there is more; the client sends it back to get the next page.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var (filter, filterProblem) = RuntimeQuery.Filter(request.Query, forPurge: false);
        var (showInput, inputProblem) = RuntimeQuery.Flag(request.Query, "showInput", absent: true);
        var (top, topProblem) = RuntimeQuery.Top(request.Query);
        if ((filterProblem ?? inputProblem ?? topProblem) is { } problem)
        {
            return problem;
        }

        string? token = null;
        var header = request.Headers[ContinuationHeader];
        if (header.Count > 0 && (header.Count > 1 || (token = RuntimeQuery.DecodeToken(header[0] ?? string.Empty)) is null))
        {
            return Problems.Field(ContinuationHeader, "must be the one token a previous page answered with.");
        }

        var query = new OrchestrationQuery
        {
            CreatedFrom = filter!.CreatedFrom,
            CreatedTo = filter.CreatedTo,
            Statuses = filter.Statuses,
            InstanceIdPrefix = filter.InstanceIdPrefix,
            PageSize = top,
            ContinuationToken = token,
            FetchInputsAndOutputs = true,
        };
        Page<OrchestrationMetadata>? page = null;
        try
        {
            await foreach (var first in client.GetAllInstancesAsync(query).AsPages(token, top).WithCancellation(ct))
            {
                page = first;
                break;
            }
        }
        catch (Exception ex) when (token is not null && IsUnreadableToken(ex))
        {
            return Problems.Field(ContinuationHeader, "must be the one token a previous page answered with.");
        }

        if (page?.ContinuationToken is { Length: > 0 } next)
        {
            request.HttpContext.Response.Headers[ContinuationHeader] = RuntimeQuery.EncodeToken(next);
        }

        return Results.Ok((page?.Values ?? []).Select(i => InstanceStatus.From(i, showInput)).ToList());
    }

    /// <summary>
    /// <c>DELETE .../instances?createdTimeFrom=...</c>: purges the finished instances created in the
    /// range, each as <c>DELETE .../instances/{id}</c> does (a job with its blobs and sub-instances);
    /// <c>404</c> when none matched. A finished sub-instance of a job still running is left to the job.
    /// </summary>
    private static async Task<IResult> PurgeByFilterAsync(HttpRequest request, DurableTaskClient client, IBlobStore blobs, CancellationToken ct)
    {
        var (filter, problem) = RuntimeQuery.Filter(request.Query, forPurge: true);
        if (problem is not null)
        {
            return problem;
        }

        // The ids are gathered first: the in-memory engine's continuation token is a position, which
        // purging while paging would shift.
        var matched = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery
        {
            CreatedFrom = filter!.CreatedFrom,
            CreatedTo = filter.CreatedTo,
            Statuses = filter.Statuses,
            InstanceIdPrefix = filter.InstanceIdPrefix,
            FetchInputsAndOutputs = false,
        }).WithCancellation(ct))
        {
            matched.Add(instance);
        }

        var deleted = 0;
        var parents = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var instance in matched)
        {
            var separator = instance.InstanceId.IndexOf(':', StringComparison.Ordinal);
            if (separator > 0 && await IsActiveAsync(instance.InstanceId[..separator]))
            {
                continue;
            }

            if (JobTypeRegistry.TypeNameOf(instance.Name) is not null)
            {
                await JobPurger.DeleteBlobsAsync(blobs, instance.InstanceId, ct);
            }

            deleted += (await client.PurgeInstanceAsync(instance.InstanceId, new PurgeInstanceOptions(Recursive: true), ct)).PurgedInstanceCount;
        }

        return deleted == 0
            ? Problems.NotFound("No finished instance matches the filter.")
            : Results.Ok(new { instancesDeleted = deleted });

        async Task<bool> IsActiveAsync(string parentId)
        {
            if (!parents.TryGetValue(parentId, out var active))
            {
                active = await client.GetInstanceAsync(parentId, ct) is { IsCompleted: false };
                parents[parentId] = active;
            }

            return active;
        }
    }

    // In-memory: a position that does not parse; Azure Storage: base64 JSON that does not decode.
    private static bool IsUnreadableToken(Exception ex) =>
        ex is InvalidOperationException or FormatException or ArgumentException or JsonException or Newtonsoft.Json.JsonException;

    private static async Task<IResult> PurgeAsync(string id, DurableTaskClient client, IBlobStore blobs, CancellationToken ct)
    {
        var instance = await client.GetInstanceAsync(id, ct);
        if (instance is null)
        {
            return Problems.NotFound($"There is no instance '{id}'.");
        }

        if (!instance.IsCompleted)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Instance is running.", detail: "Terminate it before purging its history.");
        }

        // Only a job owns blobs, and only a job's id is known to make valid blob names.
        if (JobTypeRegistry.TypeNameOf(instance.Name) is not null)
        {
            await JobPurger.DeleteBlobsAsync(blobs, id, ct);
        }

        var purged = await client.PurgeInstanceAsync(id, new PurgeInstanceOptions(Recursive: true), ct);
        return Results.Ok(new { instancesDeleted = purged.PurgedInstanceCount });
    }

    // The body rules of the whole API (JSON in UTF-8, at most 64 KiB here); no body is an event without a payload.
    private static async Task<IResult> RaiseEventAsync(string id, string eventName, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        JsonElement? payload = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (value, problem) = await JsonBody.ReadValueAsync(request, MaxEventBytes, ct);
            if (problem is not null)
            {
                return problem;
            }

            payload = value;
        }

        return await WhileRunningAsync(client, id, () => client.RaiseEventAsync(id, eventName, payload, ct), ct);
    }

    private static async Task<IResult> RestartAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var (restartWithNewInstanceId, problem) = RuntimeQuery.Flag(request.Query, "restartWithNewInstanceId", absent: true);
        if (problem is not null)
        {
            return problem;
        }

        var instance = await client.GetInstanceAsync(id, ct);
        if (instance is null)
        {
            return Problems.NotFound($"There is no instance '{id}'.");
        }

        if (!instance.IsCompleted)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Instance is running.", detail: "Only a finished instance can be restarted.");
        }

        var newId = await client.RestartAsync(id, restartWithNewInstanceId, ct);
        var links = ServerManagementLinks.For(request)(newId);
        request.HttpContext.Response.SetRetryAfter();
        return Results.Accepted(links.StatusQueryGetUri, new { id = newId, links.StatusQueryGetUri, links.SendEventPostUri, links.TerminatePostUri, links.PurgeHistoryDeleteUri, links.RestartPostUri, links.SuspendPostUri, links.ResumePostUri });
    }

    // Durable Functions answers 404 for an unknown instance and 410 Gone for one that has finished.
    private static async Task<IResult> WhileRunningAsync(DurableTaskClient client, string id, Func<Task> operation, CancellationToken ct)
    {
        var instance = await client.GetInstanceAsync(id, ct);
        if (instance is null)
        {
            return Problems.NotFound($"There is no instance '{id}'.");
        }

        if (instance.IsCompleted)
        {
            return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Instance has finished.", detail: $"Instance '{id}' is {instance.RuntimeStatus}.");
        }

        await operation();
        return Results.Accepted();
    }
}
