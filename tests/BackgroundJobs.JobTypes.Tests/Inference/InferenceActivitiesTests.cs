using System.Text;
using System.Text.Json;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.JobTypes.Inference;
using BackgroundJobs.TestHelpers.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.Tests.Inference;

/// <summary>Prepare, run, fail and complete over an in-memory blob store and a fake model client.</summary>
public class InferenceActivitiesTests
{
    private const string Blob = "uploads/items.jsonl";
    private static readonly JobRun Run = new("job-1", "run1");
    private readonly InMemoryBlobStore store = new();
    private readonly FakeInferenceClient client = new();
    private readonly InferenceOptions options = new() { BaseUrl = "http://model.test/v1", ApiKey = "k", Model = "m1", MaxConcurrency = 4 };

    private async Task UploadAsync(IEnumerable<string> lines) =>
        await store.WriteAsync(Blob, new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")), "application/x-ndjson");

    private static IEnumerable<string> Prompts(int count) => Enumerable.Range(0, count).Select(i => $"{{\"id\":\"i{i}\",\"prompt\":\"p{i}\"}}");

    private Task<InferencePlan> PrepareAsync(InferenceRequest? request = null) =>
        new PrepareInferenceActivity(store, Options.Create(options)).RunAsync(null!, new PrepareInferenceInput(Run, request ?? new InferenceRequest { Blob = Blob, Mode = InferenceModes.Chat, ItemsPerChunk = 3 }));

    private Task<InferenceCounts> RunChunkAsync(InferenceChunk chunk, int requestsInFlight = 2) =>
        new RunInferenceChunkActivity(store, client, NullLogger<RunInferenceChunkActivity>.Instance).RunAsync(null!, new InferenceChunkInput(Run, Blob, chunk, requestsInFlight));

    private async Task<List<InferenceItemResult>> ChunkResultsAsync(int chunk) =>
        (await store.ReadJsonAsync<List<InferenceItemResult>>(InferenceBlobNames.ChunkResults(Run, chunk)))!;

    [Fact]
    public async Task Prepare_SplitsTheItemsIntoChunks_SkippingBlankLines_AndStoresTheSettingsWithTheDefaultModel()
    {
        await UploadAsync(["{\"prompt\":\"a\"}", "", "{\"prompt\":\"b\"}", "  ", "{\"prompt\":\"c\"}", "{\"prompt\":\"d\"}"]);

        var plan = await PrepareAsync();

        Assert.Equal((4, "m1", 2, 2), (plan.Items, plan.Model, plan.ChunksInFlight, plan.RequestsPerChunk));
        Assert.Equal([new InferenceChunk(0, 0, 3, 1, 0), new InferenceChunk(1, 3, 1, 6, 49)], plan.Chunks);
        Assert.Equal(new InferenceSettings("chat", "m1"), await store.ReadJsonAsync<InferenceSettings>(InferenceBlobNames.Settings(Run)));
    }

    [Fact]
    public async Task Prepare_ALargeFile_GetsLargerChunks_SoThereAreNeverMoreThanTheMaximum()
    {
        await UploadAsync(Prompts(InferenceLimits.MaxChunks * 4));

        var plan = await PrepareAsync(new InferenceRequest { Blob = Blob, Mode = InferenceModes.Chat, ItemsPerChunk = 1 });

        Assert.Equal(InferenceLimits.MaxChunks, plan.Chunks.Count);
        Assert.Equal(4, plan.Chunks[0].Items);
    }

    [Fact]
    public async Task Prepare_NoEndpointConfigured_FailsTheJobNamingTheSetting()
    {
        options.BaseUrl = null;
        await UploadAsync(Prompts(1));

        var failure = await Assert.ThrowsAsync<InvalidJobInputException>(() => PrepareAsync());

        Assert.Contains("Inference:BaseUrl", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunChunk_AnswersEveryItem_RecordsABadLineWithoutARequest_AndKeepsInputOrder()
    {
        await UploadAsync(["{\"id\":\"a\",\"prompt\":\"first\"}", "not json", "{\"id\":7,\"messages\":[{\"role\":\"user\",\"content\":\"third\"}]}"]);
        var plan = await PrepareAsync();

        var counts = await RunChunkAsync(plan.Chunks[0]);

        Assert.Equal(new InferenceCounts(3, 2, 1, new InferenceUsage(4, 6, 10)), counts);
        var results = await ChunkResultsAsync(0);
        Assert.Equal([0, 1, 2], results.Select(r => r.Index));
        Assert.Equal([1L, 2L, 3L], results.Select(r => r.Line));
        Assert.Equal(("a", "out:first"), (results[0].Id, results[0].Output!.Value.GetString()));
        Assert.Contains("not valid JSON", results[1].Error, StringComparison.Ordinal);
        Assert.Equal(("7", "out:third"), (results[2].Id, results[2].Output!.Value.GetString()));
        Assert.Equal(2, client.Requests);
    }

    [Fact]
    public async Task RunChunk_SystemPromptAndTemplate_AreAppliedToEveryPrompt()
    {
        await UploadAsync(Prompts(1));
        InferenceCall? sent = null;
        client.Answer = _ => null;
        var plan = await PrepareAsync(new InferenceRequest { Blob = Blob, Mode = InferenceModes.Chat, SystemPrompt = "be brief", PromptTemplate = "Summarise: {{prompt}}" });
        var recording = new RecordingClient(call => sent = call);

        await new RunInferenceChunkActivity(store, recording, NullLogger<RunInferenceChunkActivity>.Instance).RunAsync(null!, new InferenceChunkInput(Run, Blob, plan.Chunks[0], 1));

        Assert.Equal([new InferenceMessage("system", "be brief"), new InferenceMessage("user", "Summarise: p0")], sent!.Messages);
    }

    [Fact]
    public async Task RunChunk_ARefusedItem_IsRecordedWithTheModelsErrorAndStatus_AndTheOthersGoOn()
    {
        await UploadAsync(Prompts(3));
        client.Answer = input => input == "p1" ? new InferenceAnswer(InferenceAnswerOutcome.Rejected, StatusCode: 400, Error: "bad prompt") : null;
        var plan = await PrepareAsync();

        var counts = await RunChunkAsync(plan.Chunks[0]);

        Assert.Equal((3, 2, 1), (counts.Items, counts.Succeeded, counts.Failed));
        var refused = (await ChunkResultsAsync(0))[1];
        Assert.Equal(("i1", "bad prompt", (int?)400), (refused.Id, refused.Error, refused.Status));
    }

    [Fact]
    public async Task RunChunk_RateLimited_StopsSending_KeepsTheAnswers_ThrowsWithRetryAfter_AndTheNextAttemptSendsOnlyTheRest()
    {
        await UploadAsync(Prompts(3));
        var limited = true;
        client.Answer = input => input == "p1" && limited ? new InferenceAnswer(InferenceAnswerOutcome.Transient, StatusCode: 429, Error: "slow down", RetryAfter: TimeSpan.FromSeconds(7)) : null;
        var plan = await PrepareAsync();

        var failure = await Assert.ThrowsAsync<TransientFailureException>(() => RunChunkAsync(plan.Chunks[0], requestsInFlight: 1));
        limited = false;
        var counts = await RunChunkAsync(plan.Chunks[0], requestsInFlight: 1);

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHint.Parse(failure.Message));
        Assert.Equal((1, 2, 1), (client.SentTimes("p0"), client.SentTimes("p1"), client.SentTimes("p2")));
        Assert.Equal((3, 3, 0), (counts.Items, counts.Succeeded, counts.Failed));
    }

    [Fact]
    public async Task RunChunk_AgainAfterItIsDone_ReturnsTheStoredOutcome_WithoutSendingAnything()
    {
        await UploadAsync(Prompts(3));
        var plan = await PrepareAsync();
        var first = await RunChunkAsync(plan.Chunks[0]);

        var again = await RunChunkAsync(plan.Chunks[0]);

        Assert.Equal(first, again);
        Assert.Equal(3, client.Requests);
    }

    [Fact]
    public async Task RunChunk_OfACanceledJob_SendsNothing()
    {
        await UploadAsync(Prompts(3));
        var plan = await PrepareAsync();
        await store.WriteJsonAsync(BlobNames.JobCancellation(Run.JobId), new { reason = "stop" });

        var counts = await RunChunkAsync(plan.Chunks[0]);

        Assert.Equal(InferenceCounts.Zero, counts);
        Assert.Equal(0, client.Requests);
    }

    [Fact]
    public async Task RunChunk_NeverHasMoreRequestsInFlightThanItsShare()
    {
        await UploadAsync(Prompts(20));
        client.Delay = TimeSpan.FromMilliseconds(20);
        var plan = await PrepareAsync(new InferenceRequest { Blob = Blob, Mode = InferenceModes.Chat, ItemsPerChunk = 20 });

        await RunChunkAsync(plan.Chunks[0], requestsInFlight: 3);

        Assert.Equal(20, client.Requests);
        Assert.Equal(3, client.PeakConcurrency);
    }

    [Fact]
    public async Task FailChunk_KeepsTheAnsweredItems_AndFailsTheRestWithRetriesExhausted()
    {
        await UploadAsync(Prompts(3));
        client.Answer = input => input == "p2" ? new InferenceAnswer(InferenceAnswerOutcome.Transient, StatusCode: 503, Error: "down") : null;
        var plan = await PrepareAsync();
        await Assert.ThrowsAsync<TransientFailureException>(() => RunChunkAsync(plan.Chunks[0]));

        var counts = await new FailInferenceChunkActivity(store).RunAsync(null!, new InferenceChunkInput(Run, Blob, plan.Chunks[0], 2, "Chunk 0: 503: down"));

        Assert.Equal((3, 2, 1), (counts.Items, counts.Succeeded, counts.Failed));
        var results = await ChunkResultsAsync(0);
        Assert.Equal("out:p1", results[1].Output!.Value.GetString());
        Assert.Equal("retries exhausted: Chunk 0: 503: down", results[2].Error);
    }

    [Fact]
    public async Task RunChunk_UnknownOutcomeByDefault_RecordsTheItemAsOutcomeUnknown_AndNeverCallsItAgain()
    {
        await UploadAsync(Prompts(3));
        client.Answer = input => input == "p1" ? new InferenceAnswer(InferenceAnswerOutcome.Unknown, Error: "the model did not answer within 60 s.") : null;
        var plan = await PrepareAsync();

        var counts = await RunChunkAsync(plan.Chunks[0]);
        var rerun = await RunChunkAsync(plan.Chunks[0]);

        Assert.Equal((3, 2, 1), (counts.Items, counts.Succeeded, counts.Failed));
        Assert.Equal(counts, rerun);
        Assert.Equal(3, client.Requests);
        var results = await ChunkResultsAsync(0);
        Assert.Equal("outcome unknown: the model did not answer within 60 s; not sent again, so that it is not paid for twice", results[1].Error);
    }

    [Fact]
    public async Task RunChunk_UnknownOutcomeWhenTheJobChoseResend_LeavesTheItemForTheNextAttempt()
    {
        await UploadAsync(Prompts(3));
        var unknown = true;
        client.Answer = input => input == "p1" && unknown ? new InferenceAnswer(InferenceAnswerOutcome.Unknown, StatusCode: 502, Error: "Bad Gateway") : null;
        var plan = await PrepareAsync(new InferenceRequest { Blob = Blob, Mode = InferenceModes.Chat, ItemsPerChunk = 3, OnUnknownOutcome = UnknownOutcome.Resend });

        var error = await Assert.ThrowsAsync<TransientFailureException>(() => RunChunkAsync(plan.Chunks[0]));
        unknown = false;
        var counts = await RunChunkAsync(plan.Chunks[0]);

        Assert.Contains("502", error.Message, StringComparison.Ordinal);
        Assert.Equal((3, 3, 0), (counts.Items, counts.Succeeded, counts.Failed));
        Assert.Equal(4, client.Requests);
    }

    [Fact]
    public async Task Complete_WritesOneLinePerItem_InInputOrder_AcrossChunks()
    {
        await UploadAsync(Prompts(5));
        var plan = await PrepareAsync(new InferenceRequest { Blob = Blob, Mode = InferenceModes.Chat, ItemsPerChunk = 2 });
        var counts = InferenceCounts.Zero;
        foreach (var chunk in plan.Chunks.Reverse())
        {
            counts = counts.Add(await RunChunkAsync(chunk));
        }

        var result = await new CompleteInferenceActivity(store).RunAsync(null!, new CompleteInferenceInput(Run, "chat", "m1", plan.Chunks.Count, counts));

        Assert.Equal(("results/job-1/run1/results.jsonl", 5, 5, 0, new InferenceUsage(10, 15, 25)), (result.ResultsBlob, result.Items, result.Succeeded, result.Failed, result.Usage));
        var lines = store.ReadText(result.ResultsBlob).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["out:p0", "out:p1", "out:p2", "out:p3", "out:p4"], lines.Select(l => l.GetProperty("output").GetString()));
        Assert.Equal([0, 1, 2, 3, 4], lines.Select(l => l.GetProperty("index").GetInt32()));
        Assert.False(lines[0].TryGetProperty("succeeded", out _));
    }

    private sealed class RecordingClient(Action<InferenceCall> record) : IInferenceClient
    {
        public Task<InferenceAnswer> SendAsync(InferenceCall request, CancellationToken cancellationToken = default)
        {
            record(request);
            return Task.FromResult(new InferenceAnswer(InferenceAnswerOutcome.Answered, JsonSerializer.SerializeToElement("ok")));
        }
    }
}
