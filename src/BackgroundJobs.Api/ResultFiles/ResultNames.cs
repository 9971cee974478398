using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.Api.ResultFiles;

/// <summary>
/// The rules for the proxied download route's two path values. Only a job's own
/// <c>results/{id}/</c> blobs can be reached: the id and every segment of the name are plain
/// (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, never starting with a dot), so no value can
/// climb out with <c>..</c>, reach <c>jobs/</c> or <c>uploads/</c>, or another job's results.
/// </summary>
public static class ResultNames
{
    private const int MaxIdLength = 100;

    private const int MaxNameLength = 400;

    public static bool IsValidJobId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The blob for a job id and a name relative to the job's results, or null when either is not allowed.</summary>
    public static string? BlobFor(string? id, string? relativeName)
    {
        if (!IsValidJobId(id) || relativeName is not { Length: > 0 and <= MaxNameLength })
        {
            return null;
        }

        foreach (var segment in relativeName.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.' || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return null;
            }
        }

        return BlobNames.ResultsPrefix(id!) + relativeName;
    }

    public static string ContentTypeOf(string name) => Path.GetExtension(name).ToUpperInvariant() switch
    {
        ".TXT" => "text/plain; charset=utf-8",
        ".JSON" => "application/json",
        ".CSV" => "text/csv",
        ".JSONL" => "application/x-ndjson",
        ".PNG" => "image/png",
        ".JPG" => "image/jpeg",
        ".WEBP" => "image/webp",
        ".XLSX" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };
}
