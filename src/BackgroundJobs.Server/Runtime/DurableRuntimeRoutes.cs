using System.Text.Json;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Server.Engine;
using BackgroundJobs.Server.Routes;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Runtime;

/// <summary>
/// The Durable Functions instance-management HTTP API on the server's own engine, at the paths the
/// Functions host uses: status (<c>202</c> + <c>Retry-After</c> while running, <c>200</c> when done),
/// raiseEvent, terminate, suspend, resume, restart and purge. Terminate, suspend, resume and purge
/// act on an instance's sub-orchestrations too: a job's chunks are its own work.
/// </summary>
internal static class DurableRuntimeRoutes
{
    /// <summary>An event is a signal with a small payload, not a way to move data into a job.</summary>
    public const int MaxEventBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapDurableRuntime(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup(ServerManagementLinks.InstancesPath);
        instances.MapGet("/{id}", GetStatusAsync);
        instances.MapDelete("/{id}", PurgeAsync);
        instances.MapPost("/{id}/raiseEvent/{eventName}", RaiseEventAsync);
        instances.MapPost("/{id}/terminate", (string id, string? reason, DurableTaskClient client, JobCanceller canceller, CancellationToken ct) =>
            WhileRunningAsync(client, id, () => TerminateAsync(id, reason, client, canceller, ct), ct));
        instances.MapPost("/{id}/suspend", (string id, string? reason, DurableTaskClient client, CancellationToken ct) =>
            WhileRunningAsync(client, id, () => client.SuspendRecursiveAsync(id, reason, ct), ct));
        instances.MapPost("/{id}/resume", (string id, string? reason, DurableTaskClient client, CancellationToken ct) =>
            WhileRunningAsync(client, id, () => client.ResumeRecursiveAsync(id, reason, ct), ct));
        instances.MapPost("/{id}/restart", RestartAsync);
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

    private static async Task<IResult> GetStatusAsync(string id, bool? showInput, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
        if (instance is null)
        {
            return Problems.NotFound($"There is no instance '{id}'.");
        }

        var body = InstanceStatus.From(instance, showInput ?? true);
        if (instance.IsCompleted)
        {
            return Results.Ok(body);
        }

        request.HttpContext.Response.SetRetryAfter();
        return Results.Accepted(ServerManagementLinks.For(request)(id).StatusQueryGetUri, body);
    }

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
        if (JobTypes.FromOrchestrator(instance.Name) is not null)
        {
            await JobPurger.DeleteBlobsAsync(blobs, id, ct);
        }

        var purged = await client.PurgeInstanceAsync(id, new PurgeInstanceOptions(Recursive: true), ct);
        return Results.Ok(new { instancesDeleted = purged.PurgedInstanceCount });
    }

    private static async Task<IResult> RaiseEventAsync(string id, string eventName, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        JsonElement? payload = null;
        if (request.ContentLength is null or > 0)
        {
            // Kestrel's own limit is the upload limit (about 101 MiB); an event gets far less.
            using var buffer = new MemoryStream();
            if (request.ContentLength > MaxEventBytes || !await LimitedCopy.CopyAsync(request.Body, buffer, MaxEventBytes, ct))
            {
                return Problems.Field("body", $"is larger than the limit of {MaxEventBytes} bytes.", StatusCodes.Status413PayloadTooLarge, "Request body too large.");
            }

            try
            {
                if (buffer.Length > 0)
                {
                    using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
                    payload = document.RootElement.Clone();
                }
            }
            catch (JsonException ex)
            {
                return Problems.Field("body", $"is not valid JSON: {ex.Message}");
            }
        }

        return await WhileRunningAsync(client, id, () => client.RaiseEventAsync(id, eventName, payload, ct), ct);
    }

    private static async Task<IResult> RestartAsync(string id, bool? restartWithNewInstanceId, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var instance = await client.GetInstanceAsync(id, ct);
        if (instance is null)
        {
            return Problems.NotFound($"There is no instance '{id}'.");
        }

        if (!instance.IsCompleted)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Instance is running.", detail: "Only a finished instance can be restarted.");
        }

        var newId = await client.RestartAsync(id, restartWithNewInstanceId ?? true, ct);
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
