namespace BackgroundJobs.JobTypes.Reports;

public static class ReportFormats
{
    public const string Csv = "csv";

    public const string Xlsx = "xlsx";

    public static IReadOnlyList<string> All { get; } = [Csv, Xlsx];

    public static string ContentTypeOf(string format) => format == Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv; charset=utf-8";
}
