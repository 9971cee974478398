using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Core.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Starts a validated job and answers <c>202 Accepted</c>. With an <c>Idempotency-Key</c> the
/// instance id is derived from the key and an <see cref="IdempotencyRecord"/> is created atomically
/// in blob storage before anything is scheduled: the request that creates it starts the job; any
/// other request with that key gets the same job if its body and type match, else <c>422</c>.
/// </summary>
public sealed class JobStarter(IBlobStore blobs, JobTypeAvailability availability, TimeProvider time, ILogger<JobStarter> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>How long a client should wait before polling a job that is not done; the server's status route uses it too.</summary>
    public const int RetryAfterSeconds = 2;

    // A record can vanish between a failed create and the read (a purge); then the claim is tried again.
    private const int ClaimAttempts = 3;

    /// <summary>
    /// What every start endpoint does: read the JSON body strictly, validate it, and start the job
    /// only if both passed; otherwise a problem document naming the field, with nothing stored.
    /// </summary>
    public async Task<IResult> ReadValidateAndStartAsync<TInput>(
        HttpRequest request,
        DurableTaskClient client,
        ManagementLinkFactory links,
        string jobType,
        Func<TInput, CancellationToken, Task<JobRequestVerdict<TInput>>> validate,
        CancellationToken cancellationToken = default)
        where TInput : class, IJobRequest
    {
        ArgumentNullException.ThrowIfNull(validate);
        var (body, problem) = await JsonBody.ReadAsync<TInput>(request, cancellationToken: cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var verdict = await validate(body!, cancellationToken);
        if (verdict.Errors.Count == 0)
        {
            return await StartAsync(request, client, links, jobType, verdict.Request, cancellationToken);
        }

        if (verdict.Status == StatusCodes.Status400BadRequest)
        {
            return Problems.Validation(verdict.Errors);
        }

        // A refusal with a status of its own (409: the job the request names has not ended) names one field.
        var (field, messages) = verdict.Errors.First();
        return Problems.Field(field, messages[0], verdict.Status);
    }

    /// <summary>
    /// Call only with input that passed validation: a keyed start stores a record before it schedules.
    /// A type this host lacks a required setting for is refused here (<c>503</c>), after the request's
    /// own errors: a request that is wrong is wrong on every host, and the client learns that first.
    /// </summary>
    public async Task<IResult> StartAsync<TInput>(
        HttpRequest request,
        DurableTaskClient client,
        ManagementLinkFactory links,
        string jobType,
        TInput input,
        CancellationToken cancellationToken = default)
        where TInput : class, IJobRequest
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(links);
        var delayed = DelayedStart.Read(request, input, time.GetUtcNow());
        if (delayed.Problem is not null)
        {
            return delayed.Problem;
        }

        input = delayed.Scheduled;
        var startStatus = delayed.RunAt is null ? JobStatus.Pending : JobStatus.Scheduled;
        if (availability.Refusal(jobType) is { } refusal)
        {
            return refusal;
        }

        var orchestrator = JobTypeRegistry.OrchestratorFor(jobType);

        // The span the engine's orchestration span hangs under: the client takes its context as the parent.
        using var span = JobTelemetry.ActivitySource.StartActivity("job.start");
        span?.SetTag(JobTelemetry.JobTypeTag, jobType);
        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length == 0)
        {
            var id = Guid.NewGuid().ToString("N");
            span?.SetTag(JobTelemetry.JobIdTag, id);
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, await ScheduledInputAsync(id, input, cancellationToken), new StartOrchestrationOptions(id), cancellationToken);
            JobMetrics.JobStarted(jobType);
            Logs.JobStarted(logger, id, jobType);
            return Accepted(request, links, id, jobType, startStatus, delayed.RunAt);
        }

        if (key.Length > 255 || key.Any(c => c < 0x21 || c > 0x7E))
        {
            return Problems.Field(IdempotencyKeyHeader, "must be 1-255 printable ASCII characters without spaces.");
        }

        var instanceId = InstanceIdFor(key);
        span?.SetTag(JobTelemetry.JobIdTag, instanceId);
        var claim = new IdempotencyRecord(instanceId, jobType, HashOf(delayed.Requested));
        var recordName = BlobNames.IdempotencyRecord(instanceId);
        for (var attempt = 1; attempt <= ClaimAttempts; attempt++)
        {
            if (await blobs.TryCreateJsonAsync(recordName, claim, cancellationToken))
            {
                // This request owns the key. A finished instance left under the id (its record purged)
                // is replaced; only a still-running one makes the schedule a no-op, and that is the key's job.
                await TryScheduleAsync(client, jobType, await ScheduledInputAsync(instanceId, input, cancellationToken), instanceId, cancellationToken);
                return Accepted(request, links, instanceId, jobType, startStatus, delayed.RunAt);
            }

            var stored = await blobs.ReadJsonAsync<IdempotencyRecord>(recordName, cancellationToken);
            if (stored is null)
            {
                continue;
            }

            if (stored.JobType != claim.JobType || stored.InputSha256 != claim.InputSha256)
            {
                return KeyReused();
            }

            // The same request again, or a concurrent copy of it: answer with the job the key started.
            // The winner may not have scheduled it yet, or may have failed to; then this request does.
            var existing = await client.GetInstanceAsync(instanceId, cancellationToken);
            if (existing is null && !await TryScheduleAsync(client, jobType, await ScheduledInputAsync(instanceId, input, cancellationToken), instanceId, cancellationToken))
            {
                existing = await client.GetInstanceAsync(instanceId, cancellationToken);
            }

            var status = existing?.ToJobStatus() ?? startStatus;
            return Accepted(request, links, instanceId, jobType, status, status == JobStatus.Scheduled ? delayed.RunAt : null);
        }

        throw new InvalidOperationException($"The idempotency record '{recordName}' was deleted {ClaimAttempts} times while it was being read.");
    }

    /// <summary>Derives a stable instance id from an idempotency key; hashed so that any key makes a safe id.</summary>
    public static string InstanceIdFor(string idempotencyKey) =>
        "idem-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..40];

    /// <summary>The SHA-256 of the input in our own JSON form, so that the comparison never depends on how a host's converter spells it.</summary>
    public static string HashOf<TInput>(TInput input) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(input, JobJson.Options)));

    /// <summary>
    /// What the orchestration gets as input: the request itself, or, when it is large, a reference to
    /// it stored once as <c>jobs/{id}/request.json</c> (<see cref="IStoredJobRequest"/>), so replays
    /// and status reads do not carry it. The idempotency hash is always of the whole request.
    /// </summary>
    private async Task<object> ScheduledInputAsync<TInput>(string instanceId, TInput input, CancellationToken cancellationToken)
        where TInput : class
    {
        if (input is not IStoredJobRequest stored
            || JsonSerializer.SerializeToUtf8Bytes(input, JobJson.Options).Length <= IStoredJobRequest.InlineLimitBytes)
        {
            return input;
        }

        var name = BlobNames.JobRequest(instanceId);
        await blobs.WriteJsonAsync(name, input, cancellationToken);
        return stored.ByReference(name);
    }

    /// <summary>Schedules the instance: true when this call did (and counted it), false when it already existed.</summary>
    private async Task<bool> TryScheduleAsync(
        DurableTaskClient client,
        string jobType,
        object input,
        string instanceId,
        CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(JobTypeRegistry.OrchestratorFor(jobType), input, new StartOrchestrationOptions(instanceId), cancellationToken);
            JobMetrics.JobStarted(jobType);
            Logs.JobStarted(logger, instanceId, jobType);
            return true;
        }
#pragma warning disable CA1031 // Each engine reports "already exists" with its own exception; whether the instance exists now decides.
        catch (Exception)
#pragma warning restore CA1031
        {
            if (await client.GetInstanceAsync(instanceId, cancellationToken) is null)
            {
                throw;
            }

            return false;
        }
    }

    private static IResult KeyReused() =>
        Problems.Field(
            IdempotencyKeyHeader,
            "was already used for a different request; use a new key for a new job.",
            StatusCodes.Status422UnprocessableEntity,
            "Idempotency key reused.");

    private static IResult Accepted(HttpRequest request, ManagementLinkFactory links, string id, string jobType, JobStatus status, DateTimeOffset? runAt)
    {
        var management = links(id);
        request.HttpContext.Response.SetRetryAfter();
        var jobUri = JobUris.Job(request, id);
        return Results.Accepted(management.StatusQueryGetUri, JobAccepted.Create(id, jobType, status, jobUri, management) with { RunAt = runAt });
    }
}
