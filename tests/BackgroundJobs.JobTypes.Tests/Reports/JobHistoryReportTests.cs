using BackgroundJobs.JobTypes.Reports;

namespace BackgroundJobs.JobTypes.Tests.Reports;

public class JobHistoryReportTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Split_ADay_IsEightAdjoiningSlices_NewestFirst_CoveringTheRangeOnce()
    {
        var tokens = JobHistoryReport.Split(From, From.AddDays(1));

        Assert.Equal(ReportLimits.MaxRanges, tokens.Count);
        var slices = tokens.Select(t => Assert.IsType<bool>(JobHistoryReport.TryParse(t, out var start, out var end, out var cursor)) ? (start, end, cursor) : default).ToList();
        Assert.All(slices, s => Assert.Null(s.cursor));
        Assert.Equal(From.AddDays(1), slices[0].end);
        Assert.Equal(From, slices[^1].start);
        for (var i = 1; i < slices.Count; i++)
        {
            Assert.Equal(slices[i - 1].start, slices[i].end);
        }
    }

    [Fact]
    public void Split_HalfAnHour_IsOneSlice()
    {
        var token = Assert.Single(JobHistoryReport.Split(From, From.AddMinutes(30)));

        Assert.True(JobHistoryReport.TryParse(token, out var start, out var end, out _));
        Assert.Equal((From, From.AddMinutes(30)), (start, end));
    }

    [Fact]
    public void WithCursor_ReadsBack_TheSliceAndTheCursor()
    {
        var token = JobHistoryReport.WithCursor(From, From.AddHours(1), "MTIzfGFi");

        Assert.True(JobHistoryReport.TryParse(token, out var start, out var end, out var cursor));
        Assert.Equal((From, From.AddHours(1), "MTIzfGFi"), (start, end, cursor));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("5-3")]
    [InlineData("-1-3")]
    public void TryParse_NoToken_IsFalse(string token) => Assert.False(JobHistoryReport.TryParse(token, out _, out _, out _));
}
