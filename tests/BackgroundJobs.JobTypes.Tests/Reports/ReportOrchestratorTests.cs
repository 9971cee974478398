using System.Text.Json;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.JobTypes.Reports;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.DurableTask;
using Moq;

namespace BackgroundJobs.JobTypes.Tests.Reports;

public class ReportOrchestratorTests
{
    // A host with a bus announces every ending, so each of these jobs is notified of whatever its request asks.
    private static readonly JobEventChannels BusHost = new(PublishesToBus: true);

    private readonly Mock<TaskOrchestrationContext> context = OrchestrationContextMock.Create("job-1");
    private readonly List<(string Activity, ReportPartInput Part)> parts = [];
    private readonly List<MergeReportInput> merges = [];
    private readonly List<JobProgress> statuses = [];
    private int inFlight;
    private int maxInFlight;
    private int notifications;

    public ReportOrchestratorTests()
    {
        context.Setup(c => c.NewGuid()).Returns(Guid.Parse("0123456789ab4def8123456789abcdef"));
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(s => statuses.Add((JobProgress)s!));
        context.Setup(c => c.CallActivityAsync<ReportResult>(It.Is<TaskName>(n => n.Name == nameof(MergeReportPartsActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                var merge = (MergeReportInput)input!;
                merges.Add(merge);
                return Task.FromResult(new ReportResult(merge.Request.Report!, merge.Request.FormatOrDefault, merge.Rows, merge.PagesPerRange.Sum(), 1234, "results/job-1/0123456789ab/r.csv"));
            });
        context.Setup(c => c.CallSubOrchestratorAsync<object>(It.Is<TaskName>(n => n.Name == nameof(JobNotificationOrchestrator)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => notifications++)
            .ReturnsAsync((object)null!);
    }

    /// <summary>
    /// Each range has <paramref name="pagesPerRange"/> pages of 10 rows; a part takes a moment, so the orchestrator can schedule others meanwhile.
    /// A client activity is called through the host's <see cref="ClientActivityCall.TaskName"/> task; it is recorded by its own name.
    /// </summary>
    private void PartsAre(string activity, int pagesPerRange, bool clientActivity = false)
    {
        var task = clientActivity ? ClientActivityCall.TaskName : activity;
        context.Setup(c => c.CallActivityAsync<ReportPartResult>(It.Is<TaskName>(n => n.Name == task), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>(async (name, input, _) =>
            {
                var (called, part) = input is ClientActivityCall call
                    ? (call.Activity, call.Input.Deserialize<ReportPartInput>(JobJson.Options)!)
                    : (name.Name, (ReportPartInput)input!);
                parts.Add((called, part));
                maxInFlight = Math.Max(maxInFlight, Interlocked.Increment(ref inFlight));
                await Task.Delay(10);
                Interlocked.Decrement(ref inFlight);
                return new ReportPartResult(10, part.Page + 1 < pagesPerRange ? $"{part.PageToken}+" : null);
            });
    }

    [Fact]
    public async Task RunAsync_EmailDelivery_PlansThenWritesEveryPageOfEveryRange_ThenMergesThemInOrder()
    {
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<string>>(It.Is<TaskName>(n => n.Name == nameof(PlanReportActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(["a", "b", "c"]);
        PartsAre(nameof(WriteReportPartActivity), pagesPerRange: 4);
        var request = new ReportRequest { Report = ReportNames.EmailDelivery, JobId = "bulk-1", BulkEmailRun = "run1" };

        var result = await new ReportOrchestrator(BusHost).RunAsync(context.Object, request);

        Assert.Equal(12, parts.Count);
        Assert.All(parts, p => Assert.Equal(new JobRun("job-1", "0123456789ab"), p.Part.Run));
        Assert.Equal(["a", "a+", "a++", "a+++"], parts.Where(p => p.Part.Range == 0).OrderBy(p => p.Part.Page).Select(p => p.Part.PageToken));
        var merge = Assert.Single(merges);
        Assert.Equal([4, 4, 4], merge.PagesPerRange);
        Assert.Equal(120, merge.Rows);
        Assert.Equal((120L, 12), (result.Rows, result.Parts));
        Assert.Equal(1, notifications);
    }

    [Fact]
    public async Task RunAsync_ManyRanges_KeepsAtMostTheParallelLimitOfPartsInFlight()
    {
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<string>>(It.Is<TaskName>(n => n.Name == nameof(PlanReportActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(Enumerable.Range(0, 20).Select(i => $"r{i}").ToList());
        PartsAre(nameof(WriteReportPartActivity), pagesPerRange: 2);

        await new ReportOrchestrator(BusHost).RunAsync(context.Object, new ReportRequest { Report = "synthetic" });

        Assert.Equal(40, parts.Count);
        Assert.Equal(ReportLimits.MaxParallelParts, maxInFlight);
    }

    [Fact]
    public async Task RunAsync_JobHistory_SplitsTheRangeItself_AndWritesThroughTheHostsClientActivityTask()
    {
        PartsAre(nameof(WriteJobHistoryReportPartActivity), pagesPerRange: 1, clientActivity: true);
        var request = new ReportRequest { Report = ReportNames.JobHistory, From = "2026-11-27T00:00:00Z", To = "2026-11-28T00:00:00Z", Format = ReportFormats.Xlsx };

        await new ReportOrchestrator(BusHost).RunAsync(context.Object, request);

        context.Verify(c => c.CallActivityAsync<IReadOnlyList<string>>(It.Is<TaskName>(n => n.Name == nameof(PlanReportActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
        Assert.Equal(ReportLimits.MaxRanges, parts.Count);
        Assert.All(parts, p => Assert.Equal(nameof(WriteJobHistoryReportPartActivity), p.Activity));
        Assert.Equal(ReportFormats.Xlsx, Assert.Single(merges).Request.FormatOrDefault);
    }

    [Fact]
    public async Task RunAsync_ReportsProgress_RowsAndPartsAsTheyAreWritten_FinishingCompleted()
    {
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<string>>(It.Is<TaskName>(n => n.Name == nameof(PlanReportActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(["a", "b"]);
        PartsAre(nameof(WriteReportPartActivity), pagesPerRange: 3);

        await new ReportOrchestrator(BusHost).RunAsync(context.Object, new ReportRequest { Report = ReportNames.EmailDelivery });

        var writing = statuses.Where(s => s.Stage == ReportOrchestrator.StageWriting).ToList();
        Assert.Equal(writing.Select(s => s.Counts!["rows"]).Order(), writing.Select(s => s.Counts!["rows"]));
        var last = statuses[^1];
        Assert.Equal((ReportOrchestrator.StageCompleted, 2, 2, 60L, 6L), (last.Stage, last.Done, last.Total, last.Counts!["rows"], last.Counts["parts"]));
    }

    [Fact]
    public async Task RunAsync_APartFailingAfterItsRetries_FailsTheJob_AndNotifiesTheFailure()
    {
        context.Setup(c => c.CallActivityAsync<IReadOnlyList<string>>(It.Is<TaskName>(n => n.Name == nameof(PlanReportActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(["a"]);
        context.Setup(c => c.CallActivityAsync<ReportPartResult>(It.Is<TaskName>(n => n.Name == nameof(WriteReportPartActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(WriteReportPartActivity), 1, new TaskFailureDetails("System.IO.IOException", "Batch 3 of job bulk-1 is missing.", null, null, null)));

        var error = await Assert.ThrowsAsync<TaskFailedException>(() => new ReportOrchestrator(BusHost).RunAsync(context.Object, new ReportRequest { Report = ReportNames.EmailDelivery }));

        Assert.Contains("Batch 3", error.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(merges);
        Assert.Equal(1, notifications);
    }
}
