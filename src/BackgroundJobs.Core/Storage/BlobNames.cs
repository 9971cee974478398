using System.Globalization;
using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Storage;

/// <summary>
/// Where everything lives in blob storage. Uploads come from clients; <c>jobs/</c> is working state
/// (batches, markers); <c>results/</c> is what a client downloads.
/// </summary>
public static class BlobNames
{
    public const string UploadsPrefix = "uploads/";

    public static string Upload(Guid id, string extension) =>
        $"{UploadsPrefix}{id:N}{extension}";

    public static string JobPrefix(string jobId) => $"jobs/{jobId}/";

    /// <summary>A large job request, stored whole once at its start (<see cref="IStoredJobRequest"/>).</summary>
    public static string JobRequest(string jobId) => $"{JobPrefix(jobId)}request.json";

    /// <summary>Where one run of a job keeps its working state.</summary>
    public static string RunPrefix(JobRun run) => $"jobs/{run?.JobId}/{run?.RunId}/";

    public static string EmailMessage(JobRun run) => $"{RunPrefix(run)}message.json";

    public static string EmailBatch(JobRun run, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{RunPrefix(run)}batches/{index:D5}.json");

    /// <summary>
    /// Taken atomically before a batch is handed to the provider, so two attempts never both send it.
    /// A batch sent again after its first claim went stale takes the next generation's claim
    /// (<c>.claim-1.json</c>, ...), so two attempts never both take the same generation either.
    /// </summary>
    public static string EmailBatchClaim(JobRun run, int index, int generation = 0) =>
        generation == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{EmailBatchClaimPrefix(run, index)}.json")
            : string.Create(CultureInfo.InvariantCulture, $"{EmailBatchClaimPrefix(run, index)}-{generation}.json");

    /// <summary>The start of the names of every generation of a batch's claim.</summary>
    public static string EmailBatchClaimPrefix(JobRun run, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{RunPrefix(run)}batches/{index:D5}.claim");

    /// <summary>Written once a batch has an outcome, so that a re-run of its activity never sends it again.</summary>
    public static string EmailBatchOutcome(JobRun run, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{RunPrefix(run)}batches/{index:D5}.outcome.json");

    public static string InvalidRecipients(JobRun run) => $"{RunPrefix(run)}invalid-recipients.json";

    public static string ResultsPrefix(string jobId) => $"results/{jobId}/";

    public static string NotSentRecipients(JobRun run) => $"results/{run?.JobId}/{run?.RunId}/not-sent.csv";

    /// <summary>What one run of a job leaves for the client to download.</summary>
    public static string RunResultsPrefix(JobRun run) => $"results/{run?.JobId}/{run?.RunId}/";

    public static string DocumentPageText(JobRun run, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"{RunResultsPrefix(run)}pages/{page:D5}.txt");

    public static string DocumentText(JobRun run) => $"{RunResultsPrefix(run)}text.txt";

    public static string DocumentSummary(JobRun run) => $"{RunResultsPrefix(run)}summary.json";

    public static string DocumentImageVariant(JobRun run, int width, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{RunResultsPrefix(run)}images/w{width}{extension}");

    /// <summary>
    /// True for a name a client may pass in (an upload): a relative path of safe segments, so that
    /// no request can reach another job's files or escape the local store's folder.
    /// </summary>
    public static bool IsValidUploadName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 200 || !name.StartsWith(UploadsPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var file = name[UploadsPrefix.Length..];
        return file.Length > 0 && file.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            && !file.StartsWith('.') && !file.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>Written before a job is terminated on request: who canceled it, why, and the canceled event's id.</summary>
    public static string JobCancellation(string jobId) => $"{JobPrefix(jobId)}cancel.json";

    /// <summary>Taken atomically when a job is retried: names the new job, so a job is retried once however often it is asked.</summary>
    public static string JobRetriedBy(string jobId) => $"{JobPrefix(jobId)}retried-by.json";

    /// <summary>Written on a job started as a retry: names the job it retried.</summary>
    public static string JobRetryOf(string jobId) => $"{JobPrefix(jobId)}retry-of.json";

    /// <summary>
    /// How many attempts a task of the job made before its retries ended (<see cref="Retry.TaskGaveUp"/>).
    /// Task names are type names, so they are safe in a blob name.
    /// </summary>
    public static string JobTaskAttempts(string jobId, string task) => $"{JobPrefix(jobId)}attempts/{task}.json";

    public static string JobEventsPrefix(string jobId) => $"{JobPrefix(jobId)}events/";

    /// <summary>A job's ending event as it was sent (webhook, Service Bus, SSE).</summary>
    public static string JobEvent(string jobId, string eventId) => $"{JobEventsPrefix(jobId)}{eventId}.json";

    public static string WebhookDeliveriesPrefix(string jobId) => $"{JobPrefix(jobId)}deliveries/";

    /// <summary>The delivery log of one event: see <see cref="Notifications.WebhookDelivery"/>.</summary>
    public static string WebhookDelivery(string jobId, string deliveryId) => $"{WebhookDeliveriesPrefix(jobId)}{deliveryId}.json";

    /// <summary>Taken atomically by a redelivery request, so that two requests for one delivery start one run.</summary>
    public static string WebhookRedelivery(string jobId, string deliveryId, int run) =>
        string.Create(CultureInfo.InvariantCulture, $"{JobPrefix(jobId)}redeliveries/{deliveryId}-{run}.json");

    /// <summary>Marks a callback URL that answered 410 Gone; named by a hash, since a URL is no safe blob name.</summary>
    public static string GoneWebhookUrl(string url) =>
        $"webhooks/gone/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url)))}.json";

    /// <summary>The record of an <c>Idempotency-Key</c>: the job it started and a hash of that job's input.</summary>
    public static string IdempotencyRecord(string instanceId) => $"idempotency/{instanceId}.json";
}
