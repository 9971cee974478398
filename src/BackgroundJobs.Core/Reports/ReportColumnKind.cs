namespace BackgroundJobs.Core.Reports;

public enum ReportColumnKind
{
    Text,
    Number,
}
