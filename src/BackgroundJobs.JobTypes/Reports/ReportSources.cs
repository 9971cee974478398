namespace BackgroundJobs.JobTypes.Reports;

/// <summary>The report sources the host registered (built-in and added ones), by name.</summary>
public sealed class ReportSources(IEnumerable<IReportSource> sources)
{
    private readonly Dictionary<string, IReportSource> byName = sources.ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Every report a request may name: the registered sources and job-history, which each host provides through its own activity.</summary>
    public IReadOnlyCollection<string> Names => [ReportNames.JobHistory, .. byName.Keys.Where(n => n != ReportNames.JobHistory).Order(StringComparer.Ordinal)];

    public IReportSource Get(string name) =>
        byName.TryGetValue(name, out var source) ? source : throw new Core.Jobs.InvalidJobInputException($"There is no report source '{name}' on this host.");

    public IReadOnlyList<ReportColumn> ColumnsOf(string name) =>
        name == ReportNames.JobHistory ? JobHistoryReport.Columns : Get(name).Columns;
}
