using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Starts a validated job and answers <c>202 Accepted</c>. With an <c>Idempotency-Key</c> the
/// instance id is derived from the key, so the engine itself remembers it: the same key and body
/// return the job already started; the same key with another body is <c>422</c>.
/// </summary>
public static class JobStarter
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int RetryAfterSeconds = 2;

    public static async Task<IResult> StartAsync<TInput>(
        HttpRequest request,
        DurableTaskClient client,
        ManagementLinkFactory links,
        string jobType,
        TInput input,
        CancellationToken cancellationToken = default)
        where TInput : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(links);
        var orchestrator = JobTypes.OrchestratorFor(jobType);
        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length == 0)
        {
            var id = Guid.NewGuid().ToString("N");
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(id), cancellationToken);
            return Accepted(request, links, id, jobType, JobStatus.Pending);
        }

        if (key.Length > 255 || key.Any(c => c < 0x21 || c > 0x7E))
        {
            return Problems.Field(IdempotencyKeyHeader, "must be 1-255 printable ASCII characters without spaces.");
        }

        var instanceId = InstanceIdFor(key);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (existing is null)
        {
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), cancellationToken);
                return Accepted(request, links, instanceId, jobType, JobStatus.Pending);
            }
#pragma warning disable CA1031 // Another request with the same key won the race; what it started decides the answer.
            catch (Exception)
#pragma warning restore CA1031
            {
                existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
                if (existing is null)
                {
                    throw;
                }
            }
        }

        return existing!.Name == orchestrator && SameInput(existing, input)
            ? Accepted(request, links, instanceId, jobType, existing.RuntimeStatus.ToJobStatus())
            : Problems.Field(
                IdempotencyKeyHeader,
                "was already used for a different request; use a new key for a new job.",
                StatusCodes.Status422UnprocessableEntity,
                "Idempotency key reused.");
    }

    /// <summary>Derives a stable instance id from an idempotency key; hashed so that any key makes a safe id.</summary>
    public static string InstanceIdFor(string idempotencyKey) =>
        "idem-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..40];

    // Compared in our own JSON form, so the answer does not depend on how a host's converter spells the input.
    private static bool SameInput<TInput>(OrchestrationMetadata existing, TInput input)
        where TInput : class
    {
        var stored = existing.ReadInputAs<TInput>();
        return stored is not null
            && JsonSerializer.Serialize(stored, JobJson.Options) == JsonSerializer.Serialize(input, JobJson.Options);
    }

    private static IResult Accepted(HttpRequest request, ManagementLinkFactory links, string id, string jobType, JobStatus status)
    {
        var management = links(id);
        request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var jobUri = $"{request.Scheme}://{request.Host}{request.PathBase}/api/jobs/{id}";
        return Results.Accepted(management.StatusQueryGetUri, JobAccepted.Create(id, jobType, status, jobUri, management));
    }
}
