using System.Text;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.Inference;

/// <summary>The inference job on the real in-memory engine, through the server's HTTP API, against the model stand-in on Kestrel.</summary>
public class InferenceInMemoryEngineTests
{
    [Fact]
    public async Task Chat_EveryItemAnswered_ResultsInInputOrder_WithIdsOutputsAndTokenTotals()
    {
        await using var model = await ModelStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(InferenceJob.Settings(model));
        var blob = await server.UploadAsync(InferenceJob.Prompts(30), "application/x-ndjson");

        var job = await InferenceJob.RunAsync(server, new { blob, mode = "chat", systemPrompt = "answer briefly", itemsPerChunk = 7, maxConcurrency = 4 });

        Assert.Equal("Completed", job.RuntimeStatus);
        Assert.Equal((30, 30, 0), job.Counts);
        var lines = await job.ResultLinesAsync(server.Http);
        Assert.Equal(Enumerable.Range(0, 30), lines.Select(l => l.GetProperty("index").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"q{i}"), lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(
            Enumerable.Range(1, 30).Select(i => ModelStandIn.ChatAnswer([("system", "answer briefly"), ("user", $"question number {i}")])),
            lines.Select(l => l.GetProperty("output").GetString()));
        // Prompt: 2 + 3 words per item; completion: the echo's words, summed over the result lines.
        var completion = lines.Sum(l => l.GetProperty("usage").GetProperty("completionTokens").GetInt64());
        Assert.Equal((150L, completion, 150L + completion), job.Tokens);
        Assert.Equal(30, model.Requests);
        Assert.Equal(ModelStandIn.ChatModel, job.Result.GetProperty("model").GetString());
        Assert.Equal(30, job.View.GetProperty("progress").GetProperty("counts").GetProperty("succeeded").GetInt64());
    }

    [Fact]
    public async Task Chat_ABadLineAndAnItemTheModelRefuses_AreRecordedWithTheirErrors_AndTheOthersGoOn()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.RejectMarker = "FORBIDDEN";
        await using var server = await ServerHost.StartAsync(InferenceJob.Settings(model));
        var lines = new StringBuilder();
        lines.Append("{\"prompt\":\"first\"}\n");
        lines.Append("this is no json\n");
        lines.Append('\n');
        lines.Append("{\"prompt\":\"say FORBIDDEN\"}\n");
        lines.Append("{\"messages\":[{\"role\":\"user\",\"content\":\"last\"}]}");
        var blob = await server.UploadAsync(lines.ToString(), "application/x-ndjson");

        var job = await InferenceJob.RunAsync(server, new { blob, mode = "chat", promptTemplate = "Q: {{prompt}}" });

        Assert.Equal("Completed", job.RuntimeStatus);
        Assert.Equal((4, 2, 2), job.Counts);
        var results = await job.ResultLinesAsync(server.Http);
        Assert.Equal([1L, 2L, 4L, 5L], results.Select(r => r.GetProperty("line").GetInt64()));
        Assert.Equal(ModelStandIn.ChatAnswer([("user", "Q: first")]), results[0].GetProperty("output").GetString());
        Assert.Contains("not valid JSON", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, results[2].GetProperty("status").GetInt32());
        Assert.Contains("refuses", results[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(ModelStandIn.ChatAnswer([("user", "last")]), results[3].GetProperty("output").GetString());
        Assert.Equal(3, model.Requests);
    }
}
