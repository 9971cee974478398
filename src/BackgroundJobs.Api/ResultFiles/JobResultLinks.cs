using BackgroundJobs.Api.Http;
using System.Text.Json;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.ResultFiles;

/// <summary>
/// Turns the <c>files</c> a job's result names into download links, for every job type alike: a
/// SAS URL when the store can sign one (Azure Storage with an account key, Azurite too), else the
/// proxied route on the host that answered. A name outside the job's own <c>results/{id}/</c> is
/// never linked, whatever the result says.
/// </summary>
public sealed class JobResultLinks(IBlobStore blobs, TimeProvider time)
{
    /// <summary>How long a SAS link works; a client that needs a fresh one asks for the job again.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(1);

    public IReadOnlyList<JobResultFile>? For(HttpRequest request, string jobId, JsonElement? result)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (result is not { ValueKind: JsonValueKind.Object } output
            || !output.TryGetProperty("files", out var files)
            || files.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var prefix = BlobNames.ResultsPrefix(jobId);
        var expiresOn = time.GetUtcNow() + LinkLifetime;
        var links = new List<JobResultFile>();
        foreach (var file in files.EnumerateArray())
        {
            if (file.GetString() is not { } name || !name.StartsWith(prefix, StringComparison.Ordinal)
                || ResultNames.BlobFor(jobId, name[prefix.Length..]) is null)
            {
                continue;
            }

            var direct = (blobs as IBlobReadLinks)?.TryCreateReadLink(name, expiresOn);
            links.Add(new JobResultFile(name, direct?.AbsoluteUri ?? ProxiedUrl(request, jobId, name[prefix.Length..])));
        }

        return links;
    }

    private static string ProxiedUrl(HttpRequest request, string jobId, string relativeName) =>
        $"{JobUris.Job(request, jobId)}/results/{relativeName}";
}
