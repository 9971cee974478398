using System.Globalization;
using System.Text.Json;
using BackgroundJobs.Api.Reports;
using BackgroundJobs.Core.Documents;
using BackgroundJobs.Core.Reports;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Functions.Jobs;
using BackgroundJobs.Functions.Notifications;
using BackgroundJobs.Functions.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace BackgroundJobs.Functions.Tests.Jobs;

/// <summary>
/// A failed or canceled job as the Durable Functions extension hands it to the app: no failure
/// details, the failure kept as the instance's output text (<c>{ErrorType}: {ErrorMessage}</c>, as
/// Azure Storage stores it), a terminate reason serialized as a JSON string, and nothing of either
/// in a read without inputs and outputs. Every reader must still say why the job ended.
/// </summary>
public sealed class FailedJobsOnFunctionsTests : IDisposable
{
    private const string JobId = "job-1";
    private const string RejectedType = "BackgroundJobs.Core.Jobs.InvalidJobInputException";
    private const string RejectedMessage = "The operation 'resize' does not apply to a Pdf file.";
    private const string TaskFailedType = "Microsoft.DurableTask.TaskFailedException";
    private const string TaskFailedMessage = "Task 'InspectDocumentActivity' (#0) failed with an unhandled exception: The PDF is encrypted.";

    private static readonly DateTimeOffset Created = DateTimeOffset.UtcNow.AddMinutes(-3);

    private readonly Mock<DurableTaskClient> client = new("test");

    // No retry links, attempt records or recorded events: the blob store answers every read with "no such blob".
    private readonly IHost host = FunctionsTestHost.Build(overrides: s => s.AddSingleton(new Mock<IBlobStore>().Object));

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
        ReturnsInstance(OrchestrationRuntimeStatus.Failed, output);

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
        ReturnsInstance(OrchestrationRuntimeStatus.Failed, $"{TaskFailedType}: {TaskFailedMessage}");

        var root = await GetJobAsync();

        Assert.Equal(TaskFailedType, root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(TaskFailedMessage, root.GetProperty("error").GetProperty("message").GetString());
        var failure = root.GetProperty("failure");
        Assert.Equal("InspectDocumentActivity", failure.GetProperty("task").GetString());
        Assert.Equal("The PDF is encrypted.", failure.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task GetJob_SubOrchestrationWhoseActivityFailed_NamesTheInnermostTask()
    {
        const string nested = "Task 'ExtractPdfChunkOrchestrator' (#2) failed with an unhandled exception: Task 'ExtractPdfPagesActivity' (#0) failed with an unhandled exception: disk gone";
        ReturnsInstance(OrchestrationRuntimeStatus.Failed, $"{TaskFailedType}: {nested}");

        var failure = (await GetJobAsync()).GetProperty("failure");

        Assert.Equal("ExtractPdfPagesActivity", failure.GetProperty("task").GetString());
        Assert.Equal("disk gone", failure.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task GetJob_Canceled_ErrorMessageIsTheReasonItself_NotAQuotedJsonString()
    {
        // The isolated worker's client serializes a terminate reason before it is stored.
        ReturnsInstance(OrchestrationRuntimeStatus.Terminated, JsonSerializer.Serialize("testing cancel"));

        var root = await GetJobAsync();

        Assert.Equal("canceled", root.GetProperty("status").GetString());
        Assert.Equal("Canceled", root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("testing cancel", root.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task ListJobs_FailedJob_ItemCarriesItsError_AsTheDashboardsFailedListShowsIt()
    {
        // The extension's instance query returns the output (no input) even without inputs and outputs.
        ReturnsListing(Instance(OrchestrationRuntimeStatus.Failed, $"{RejectedType}: {RejectedMessage}", withInput: false));
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
        ReturnsListing(Instance(OrchestrationRuntimeStatus.Failed, $"{RejectedType}: {RejectedMessage}", withInput: false));
        var source = new JobHistoryReportSource(client.Object, TimeProvider.System);
        var request = new ReportRequest
        {
            Report = ReportNames.JobHistory,
            From = Created.AddHours(-1).ToString("O", CultureInfo.InvariantCulture),
            To = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture),
        };

        var rows = new List<IReadOnlyList<string?>>();
        foreach (var token in await source.SplitAsync(request))
        {
            rows.AddRange((await source.ReadPageAsync(request, token)).Rows);
        }

        // The listing answers every slice alike; the job is in one of them.
        var row = rows.First(r => r[0] == JobId);
        Assert.Equal(RejectedType, row[^2]);
        Assert.Equal(RejectedMessage, row[^1]);
    }

    [Fact]
    public async Task StreamJobEvents_JobNobodyHearsOfFails_EndingEventCarriesTheError()
    {
        ReturnsInstance(OrchestrationRuntimeStatus.Failed, $"{TaskFailedType}: {TaskFailedMessage}");
        var invocation = HttpInvocation.Create(host.Services, nameof(StreamJobEvents), HttpMethods.Get, $"/api/jobs/{JobId}/events");
        var trigger = ActivatorUtilities.CreateInstance<StreamJobEvents>(host.Services);

        await invocation.ExecuteAsync(await trigger.RunAsync(invocation.Request, client.Object, invocation.FunctionContext, JobId));

        var lines = invocation.ResponseBody().Split('\n');
        Assert.Contains("event: job.failed", lines);
        using var ending = JsonDocument.Parse(lines.Last(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]);
        var error = ending.RootElement.GetProperty("data").GetProperty("error");
        Assert.Equal(TaskFailedType, error.GetProperty("type").GetString());
        Assert.Equal("The PDF is encrypted.", error.GetProperty("message").GetString());
    }

    private async Task<JsonElement> GetJobAsync()
    {
        var invocation = HttpInvocation.Create(host.Services, nameof(GetJob), HttpMethods.Get, $"/api/jobs/{JobId}");
        var response = await invocation.ExecuteAsync(await new GetJob().RunAsync(invocation.Request, client.Object, invocation.FunctionContext, JobId));
        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        using var body = JsonDocument.Parse(invocation.ResponseBody());
        return body.RootElement.Clone();
    }

    // GetInstance as the extension answers it: input, output and failure only when asked for.
    private void ReturnsInstance(OrchestrationRuntimeStatus status, string output) =>
        client
            .Setup(c => c.GetInstanceAsync(JobId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, bool full, CancellationToken _) => full ? Instance(status, output, withInput: true) : Instance(status, null, withInput: false));

    private void ReturnsListing(OrchestrationMetadata instance) =>
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>())).Returns(() =>
            Pageable.Create((string? _, int? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>([instance], null))));

    private static OrchestrationMetadata Instance(OrchestrationRuntimeStatus status, string? output, bool withInput) =>
        new(nameof(DocumentOrchestrator), JobId)
        {
            RuntimeStatus = status,
            CreatedAt = Created,
            LastUpdatedAt = Created.AddSeconds(5),
            SerializedInput = withInput ? """{"fileName":"report.pdf"}""" : null,
            SerializedOutput = output,
            FailureDetails = null,
        };
}
