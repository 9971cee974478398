using System.Globalization;
using BackgroundJobs.JobTypes.Reports;

namespace BackgroundJobs.Bench;

/// <summary>
/// A report source registered only in the benchmark: <c>synthetic</c>, a given number of rows shaped
/// like email-delivery's (every 100th with a quoted detail), generated from the row number, so a
/// 1,000,000-row report needs no 1,000,000-recipient job first and its memory is the report's own.
/// </summary>
internal sealed class SyntheticReportSource(string name, int rows) : IReportSource
{
    public const string ReportName = "synthetic";

    /// <summary>The same, a hundredth the size: the warm-up.</summary>
    public const string WarmUpName = "synthetic-warm-up";

    public string Name => name;

    public IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("email"),
        new("name"),
        new("status"),
        new("batch", ReportColumnKind.Number),
        new("statusCode", ReportColumnKind.Number),
        new("detail"),
    ];

    public Task<IReadOnlyList<string>> SplitAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        var ranges = ReportLimits.MaxRanges - 1;
        return Task.FromResult<IReadOnlyList<string>>(Enumerable.Range(0, ranges)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{(long)rows * r / ranges}:{(long)rows * (r + 1) / ranges}"))
            .ToList());
    }

    public Task<ReportPage> ReadPageAsync(ReportRequest request, string pageToken, CancellationToken cancellationToken = default)
    {
        var bounds = pageToken.Split(':').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
        var end = Math.Min(bounds[1], bounds[0] + ReportLimits.RowsPerPage);
        var page = new List<IReadOnlyList<string?>>(end - bounds[0]);
        for (var i = bounds[0]; i < end; i++)
        {
            var failed = i % 100 == 99;
            page.Add(
            [
                string.Create(CultureInfo.InvariantCulture, $"person{i}@example.com"),
                string.Create(CultureInfo.InvariantCulture, $"Person {i}, Jr."),
                failed ? "failed" : "sent",
                (i / 1000).ToString(CultureInfo.InvariantCulture),
                failed ? "400" : "202",
                failed ? "The provider said \"bad request\"" : null,
            ]);
        }

        return Task.FromResult(new ReportPage(page, end < bounds[1] ? string.Create(CultureInfo.InvariantCulture, $"{end}:{bounds[1]}") : null));
    }
}
