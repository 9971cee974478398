namespace BackgroundJobs.JobTypes.Reports;

public enum ReportColumnKind
{
    Text,
    Number,
}
