using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.Inference;

/// <summary>Embeddings end to end on the in-memory engine: one vector per item, in input order, with prompt tokens.</summary>
public class InferenceEmbeddingsTests
{
    [Fact]
    public async Task Embeddings_OneVectorPerItem_InInputOrder_WithTokenTotals()
    {
        await using var model = await ModelStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(InferenceJob.Settings(model));
        var texts = Enumerable.Range(1, 12).Select(i => $"sentence {i} about apples").ToList();
        var blob = await server.UploadAsync(string.Concat(texts.Select((t, i) => $"{{\"id\":{i},\"input\":\"{t}\"}}\n")), "application/x-ndjson");

        var job = await InferenceJob.RunAsync(server, new { blob, mode = "embeddings", model = ModelStandIn.EmbeddingModel, itemsPerChunk = 5 });

        Assert.Equal("Completed", job.RuntimeStatus);
        Assert.Equal((12, 12, 0), job.Counts);
        Assert.Equal((48L, 0L, 48L), job.Tokens);
        Assert.Equal("embeddings", job.Result.GetProperty("mode").GetString());
        var lines = await job.ResultLinesAsync(server.Http);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"{i}"), lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(
            texts.Select(ModelStandIn.EmbeddingOf),
            lines.Select(l => l.GetProperty("output").EnumerateArray().Select(v => v.GetSingle()).ToArray()));
    }

    [Fact]
    public async Task Embeddings_ModelTheEndpointDoesNotKnow_FailsEveryItemWithThe404_AndTheJobCompletes()
    {
        await using var model = await ModelStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(InferenceJob.Settings(model));
        var blob = await server.UploadAsync("{\"input\":\"a\"}\n{\"input\":\"b\"}\n", "application/x-ndjson");

        var job = await InferenceJob.RunAsync(server, new { blob, mode = "embeddings", model = "no-such-model" });

        Assert.Equal((2, 0, 2), job.Counts);
        var lines = await job.ResultLinesAsync(server.Http);
        Assert.All(lines, l => Assert.Equal(404, l.GetProperty("status").GetInt32()));
    }
}
