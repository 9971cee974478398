using System.Globalization;
using System.Text.Json;
using BackgroundJobs.JobTypes.Documents;
using BackgroundJobs.JobTypes.Reports;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Notifications;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.Jobs;

/// <summary>
/// A failed or canceled job as the Durable Functions extension hands it to the app
/// (<see cref="ExtensionInstance"/>): no failure details, the failure kept as the instance's output
/// text (<c>{ErrorType}: {ErrorMessage}</c>, as Azure Storage stores it), a terminate reason
/// serialized as a JSON string. Every reader must still say why the job ended.
/// </summary>
public sealed class FailedJobsOnFunctionsTests : IDisposable
{
    private const string JobId = "job-1";
    private const string RejectedType = "BackgroundJobs.Core.Jobs.InvalidJobInputException";
    private const string RejectedMessage = "The operation 'resize' does not apply to a Pdf file.";
    private const string TaskFailedType = "Microsoft.DurableTask.TaskFailedException";
    private const string TaskFailedMessage = "Task 'InspectDocumentActivity' (#0) failed with an unhandled exception: The PDF is encrypted.";

    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly ExtensionInstance job;

    // No retry links, attempt records or recorded events: the blob store answers every read with "no such blob".
    private readonly IHost host = FunctionsTestHost.Build(overrides: s => s.AddSingleton(new Mock<IBlobStore>().Object));

    public FailedJobsOnFunctionsTests()
    {
        job = new ExtensionInstance(client, nameof(DocumentOrchestrator), JobId) { Input = """{"fileName":"report.pdf"}""" };
    }

    public void Dispose() => host.Dispose();

    public static TheoryData<string> StoredOutputs => new()
    {
        // As the instances table keeps it, and as a JSON string, the shape the issue reported.
        $"{RejectedType}: {RejectedMessage}",
        JsonSerializer.Serialize($"{RejectedType}: {RejectedMessage}"),
    };

    [Theory]
    [MemberData(nameof(StoredOutputs))]
    public async Task GetJob_OrchestratorThrew_AnswersErrorAndFailureFromTheOutputText(string output)
    {
        Ended(OrchestrationRuntimeStatus.Failed, output);

        var root = await GetJobAsync();

        Assert.Equal("failed", root.GetProperty("status").GetString());
        Assert.Equal(RejectedType, root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(RejectedMessage, root.GetProperty("error").GetProperty("message").GetString());
        var failure = root.GetProperty("failure");
        // The orchestrator itself threw: no task failed, so none is named.
        Assert.False(failure.TryGetProperty("task", out var task) && task.ValueKind != JsonValueKind.Null);
        Assert.Equal(RejectedType, failure.GetProperty("errorType").GetString());
        Assert.Equal(RejectedMessage, failure.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task GetJob_ActivityFailed_AnswersTheFailingTaskAndItsMessage()
    {
        Ended(OrchestrationRuntimeStatus.Failed, $"{TaskFailedType}: {TaskFailedMessage}");

        var root = await GetJobAsync();

        // The error is the root message, not the wrapper; the text names no inner type, so the wrapper's stands.
        Assert.Equal(TaskFailedType, root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("The PDF is encrypted.", root.GetProperty("error").GetProperty("message").GetString());
        var failure = root.GetProperty("failure");
        Assert.Equal("InspectDocumentActivity", failure.GetProperty("task").GetString());
        Assert.Equal("The PDF is encrypted.", failure.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task GetJob_SubOrchestrationWhoseActivityFailed_NamesTheInnermostTask()
    {
        const string nested = "Task 'ExtractPdfChunkOrchestrator' (#2) failed with an unhandled exception: Task 'ExtractPdfPagesActivity' (#0) failed with an unhandled exception: disk gone";
        Ended(OrchestrationRuntimeStatus.Failed, $"{TaskFailedType}: {nested}");

        var failure = (await GetJobAsync()).GetProperty("failure");

        Assert.Equal("ExtractPdfPagesActivity", failure.GetProperty("task").GetString());
        Assert.Equal("disk gone", failure.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task GetJob_Canceled_ErrorMessageIsTheReasonItself_NotAQuotedJsonString()
    {
        // The isolated worker's client serializes a terminate reason before it is stored.
        Ended(OrchestrationRuntimeStatus.Terminated, JsonSerializer.Serialize("testing cancel"));

        var root = await GetJobAsync();

        Assert.Equal("canceled", root.GetProperty("status").GetString());
        Assert.Equal("Canceled", root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("testing cancel", root.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task GetJob_RunningJob_ShowsItsProgress_WithoutReadingItsInput()
    {
        job.CustomStatus = """{"stage":"rendering","done":2,"total":9}""";

        var root = await GetJobAsync();

        Assert.Equal("running", root.GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("progress").GetProperty("done").GetInt32());
        client.Verify(c => c.GetInstanceAsync(JobId, true, It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ListJobs_FailedJob_ItemCarriesItsError_AsTheDashboardsFailedListShowsIt()
    {
        Ended(OrchestrationRuntimeStatus.Failed, $"{RejectedType}: {RejectedMessage}");
        var invocation = HttpInvocation.Create(host.Services, nameof(ListJobs), HttpMethods.Get, "/api/jobs");
        invocation.Request.QueryString = new QueryString("?status=failed");
        var trigger = ActivatorUtilities.CreateInstance<ListJobs>(host.Services);

        var response = await invocation.ExecuteAsync(await trigger.RunAsync(invocation.Request, client.Object, invocation.FunctionContext));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        var item = Assert.Single(body.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(RejectedType, item.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(RejectedMessage, item.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task JobHistoryReport_FailedJob_RowHasErrorTypeAndMessage()
    {
        Ended(OrchestrationRuntimeStatus.Failed, $"{RejectedType}: {RejectedMessage}");
        var source = new JobHistoryReportSource(client.Object, TimeProvider.System);
        var request = new ReportRequest
        {
            Report = ReportNames.JobHistory,
            From = job.CreatedAt.AddHours(-1).ToString("O", CultureInfo.InvariantCulture),
            To = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture),
        };

        var rows = new List<IReadOnlyList<string?>>();
        foreach (var token in await source.SplitAsync(request))
        {
            rows.AddRange((await source.ReadPageAsync(request, token)).Rows);
        }

        // The stand-in answers every slice alike; the list keeps the job in its own.
        var row = Assert.Single(rows);
        Assert.Equal(RejectedType, row[^2]);
        Assert.Equal(RejectedMessage, row[^1]);
    }

    [Fact]
    public async Task StreamJobEvents_JobNobodyHearsOfFails_EndingEventCarriesTheError()
    {
        Ended(OrchestrationRuntimeStatus.Failed, $"{TaskFailedType}: {TaskFailedMessage}");

        var lines = await StreamAsync();

        Assert.Contains("event: job.failed", lines);
        using var ending = JsonDocument.Parse(lines.Last(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]);
        var error = ending.RootElement.GetProperty("data").GetProperty("error");
        Assert.Equal(TaskFailedType, error.GetProperty("type").GetString());
        Assert.Equal("The PDF is encrypted.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task StreamJobEvents_WhileTheJobRuns_PollsWithoutItsInput_AndReadsItOnceWhenItEnds()
    {
        job.CustomStatus = """{"stage":"rendering","done":2,"total":9}""";
        var reads = 0;
        job.BeforeEachRead = () =>
        {
            // The stream's first look, two polls while it runs, then it has failed.
            if (++reads == 4)
            {
                Ended(OrchestrationRuntimeStatus.Failed, $"{RejectedType}: {RejectedMessage}");
            }
        };

        var lines = await StreamAsync();

        Assert.Contains("event: job.progress", lines);
        Assert.Contains("event: job.failed", lines);
        client.Verify(c => c.GetInstanceAsync(JobId, true, It.IsAny<CancellationToken>()), Times.Once);
    }

    private void Ended(OrchestrationRuntimeStatus status, string output)
    {
        job.Status = status;
        job.Output = output;
    }

    private async Task<JsonElement> GetJobAsync()
    {
        var invocation = HttpInvocation.Create(host.Services, nameof(GetJob), HttpMethods.Get, $"/api/jobs/{JobId}");
        var response = await invocation.ExecuteAsync(await new GetJob().RunAsync(invocation.Request, client.Object, invocation.FunctionContext, JobId));
        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        return body.RootElement.Clone();
    }

    private async Task<string[]> StreamAsync()
    {
        var invocation = HttpInvocation.Create(host.Services, nameof(StreamJobEvents), HttpMethods.Get, $"/api/jobs/{JobId}/events");
        var trigger = ActivatorUtilities.CreateInstance<StreamJobEvents>(host.Services);
        await invocation.ExecuteAsync(await trigger.RunAsync(invocation.Request, client.Object, invocation.FunctionContext, JobId));
        return invocation.ResponseBody().Split('\n');
    }
}
