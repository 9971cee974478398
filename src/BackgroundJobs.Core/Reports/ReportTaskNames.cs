namespace BackgroundJobs.Core.Reports;

/// <summary>Tasks of the report job that each host provides itself.</summary>
public static class ReportTaskNames
{
    /// <summary>
    /// Writes one part of a job-history report. It reads the engine's instance query, which needs
    /// the host's Durable Task client: the server registers a class activity of this name that takes
    /// its client from its services; Functions hands a client only to functions, so there it is a
    /// function with an activity trigger and a durable client binding. Both run
    /// <see cref="ReportPartWriter"/>.
    /// </summary>
    public const string WriteJobHistoryPart = "WriteJobHistoryReportPartActivity";
}
