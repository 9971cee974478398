using System.Globalization;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// Where a sync keeps its working state: one folder per segment, its batches, their outcomes and
/// errors. Every error blob ends in <see cref="ErrorsSuffix"/> so the completion finds them all by listing.
/// </summary>
public static class CrmBlobNames
{
    public const string ErrorsSuffix = ".errors.json";

    public static string WorkPrefix(JobRun run) => $"{BlobNames.RunPrefix(run)}crm/";

    public static string Batch(JobRun run, int segment, int batch) =>
        string.Create(CultureInfo.InvariantCulture, $"{SegmentPrefix(run, segment)}{batch:D3}.json");

    public static string BatchOutcome(JobRun run, int segment, int batch) =>
        string.Create(CultureInfo.InvariantCulture, $"{SegmentPrefix(run, segment)}{batch:D3}.outcome.json");

    public static string BatchErrors(JobRun run, int segment, int batch) =>
        string.Create(CultureInfo.InvariantCulture, $"{SegmentPrefix(run, segment)}{batch:D3}{ErrorsSuffix}");

    /// <summary>Lines of the segment that could not be read as a record.</summary>
    public static string InvalidRecords(JobRun run, int segment) => $"{SegmentPrefix(run, segment)}invalid{ErrorsSuffix}";

    /// <summary>What the client downloads: every failed record with its line and reason.</summary>
    public static string ErrorsCsv(JobRun run) => $"{BlobNames.RunResultsPrefix(run)}crm-errors.csv";

    private static string SegmentPrefix(JobRun run, int segment) =>
        string.Create(CultureInfo.InvariantCulture, $"{WorkPrefix(run)}{segment:D6}/");
}
