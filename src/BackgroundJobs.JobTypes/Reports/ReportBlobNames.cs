using System.Globalization;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.Reports;

/// <summary>Where a report's parts and its result live.</summary>
public static class ReportBlobNames
{
    public static string PartsPrefix(JobRun run) => $"{BlobNames.RunPrefix(run)}report-parts/";

    /// <summary>Named by range and page, so that the merge can take them in report order.</summary>
    public static string Part(JobRun run, int range, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartsPrefix(run)}r{range:D3}-p{page:D6}.csv");

    public static string Result(JobRun run, string report, string format) =>
        $"{BlobNames.RunResultsPrefix(run)}{report}.{format}";
}
