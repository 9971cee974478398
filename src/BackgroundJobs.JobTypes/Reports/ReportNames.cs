namespace BackgroundJobs.JobTypes.Reports;

/// <summary>The built-in reports.</summary>
public static class ReportNames
{
    /// <summary>Every job created in a time range, read from the engine's instance query.</summary>
    public const string JobHistory = "job-history";

    /// <summary>Every recipient of one bulk e-mail job with its outcome, read from the job's stored batches.</summary>
    public const string EmailDelivery = "email-delivery";
}
