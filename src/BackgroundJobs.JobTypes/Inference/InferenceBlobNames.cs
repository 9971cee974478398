using System.Globalization;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// Where an inference run keeps its working state: the settings, and per chunk the items answered so
/// far (<c>partial</c>), then all its results and, written last, its outcome, which marks the chunk done.
/// </summary>
public static class InferenceBlobNames
{
    public static string Settings(JobRun run) => $"{WorkPrefix(run)}settings.json";

    public static string ChunkPartial(JobRun run, int chunk) => Chunk(run, chunk, "partial");

    public static string ChunkResults(JobRun run, int chunk) => Chunk(run, chunk, "results");

    public static string ChunkOutcome(JobRun run, int chunk) => Chunk(run, chunk, "outcome");

    /// <summary>What the client downloads: one JSON line per item, in input order.</summary>
    public static string Results(JobRun run) => $"{BlobNames.RunResultsPrefix(run)}results.jsonl";

    private static string WorkPrefix(JobRun run) => $"{BlobNames.RunPrefix(run)}inference/";

    private static string Chunk(JobRun run, int chunk, string kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{WorkPrefix(run)}{chunk:D5}.{kind}.json");
}
