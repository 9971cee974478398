using System.Text.Json;
using System.Text.Json.Nodes;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// The readers' side of <see cref="IStoredJobRequest"/>: a large job's orchestration input holds only
/// a reference (<c>requestBlob</c>) to the request stored at its start. What shows or reuses the
/// job's input (the job view, a retry) reads the whole request through here.
/// </summary>
public static class StoredRequests
{
    private const string RequestBlobProperty = "requestBlob";

    /// <summary>The stored request an orchestration input refers to; null for an inline input.</summary>
    public static string? BlobOf(string? serializedInput)
    {
        if (string.IsNullOrEmpty(serializedInput))
        {
            return null;
        }

        using var input = JsonDocument.Parse(serializedInput);
        return input.RootElement.ValueKind == JsonValueKind.Object
            && input.RootElement.TryGetProperty(RequestBlobProperty, out var blob)
            && blob.ValueKind == JsonValueKind.String
            && blob.GetString() is { } name
            && IsRequestBlob(name)
                ? name
                : null;
    }

    /// <summary>The job's whole request as JSON: the stored one, or the input itself when it was inline.</summary>
    public static async Task<string?> ReadWholeAsync(IBlobStore blobs, string? serializedInput, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        if (BlobOf(serializedInput) is not { } name)
        {
            return serializedInput;
        }

        await using var stream = await blobs.OpenReadAsync(name, cancellationToken);
        if (stream is null)
        {
            // Only a purge deletes it, and that takes the job with it; show what is left meanwhile.
            return serializedInput;
        }

        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>
    /// The input for a new job that runs an old one's input again (a retry). A stored request is
    /// stored again under the new job, so the new job does not depend on the old one, which may be purged.
    /// </summary>
    public static async Task<JsonElement?> InputForNewJobAsync(IBlobStore blobs, string? serializedInput, string newJobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        if (serializedInput is null)
        {
            return null;
        }

        if (BlobOf(serializedInput) is not { } oldName)
        {
            using var inline = JsonDocument.Parse(serializedInput);
            return inline.RootElement.Clone();
        }

        var newName = BlobNames.JobRequest(newJobId);
        await using (var stored = await blobs.OpenReadAsync(oldName, cancellationToken)
            ?? throw new InvalidOperationException($"The stored request '{oldName}' is gone."))
        {
            await blobs.WriteAsync(newName, stored, "application/json", cancellationToken);
        }

        var reference = JsonNode.Parse(serializedInput)!.AsObject();
        reference[RequestBlobProperty] = newName;
        return JsonSerializer.SerializeToElement(reference);
    }

    // Only a job's own request is ever read: a name that came from elsewhere is not followed.
    private static bool IsRequestBlob(string name) =>
        name.StartsWith("jobs/", StringComparison.Ordinal)
        && name.EndsWith("/request.json", StringComparison.Ordinal)
        && name.Count(c => c == '/') == 2
        && !name.Contains("..", StringComparison.Ordinal);
}
