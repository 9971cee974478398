using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.Inference;

/// <summary>
/// End to end over real HTTP: the server on the Azure Storage task hub and blob store in Azurite
/// (chunks read through ranged downloads), the model stand-in on Kestrel, the results fetched
/// through the SAS link the job view gives.
/// </summary>
public class InferenceAzureStorageEndToEndTests
{
    [Fact]
    public async Task Chat_OnAzurite_ResultsInInputOrder_ThroughTheSasLink_WithTokenTotals()
    {
        await AzuriteEndpoint.EnsureRunningAsync();
        await using var model = await ModelStandIn.StartAsync();
        await using var server = await ServerHost.StartAsync(InferenceJob.Settings(model, settings: ServerHost.OnAzurite()));
        using var anonymous = new HttpClient();
        var blob = await server.UploadAsync(InferenceJob.Prompts(25), "application/x-ndjson");

        var job = await InferenceJob.RunAsync(server, new { blob, mode = "chat", itemsPerChunk = 6 }, TimeSpan.FromMinutes(3));

        Assert.Equal("Completed", job.RuntimeStatus);
        Assert.Equal((25, 25, 0), job.Counts);
        Assert.Equal(5, job.Result.GetProperty("chunks").GetInt32());
        Assert.Contains("sig=", job.LinkTo("/results.jsonl").Query, StringComparison.Ordinal);
        var lines = await job.ResultLinesAsync(anonymous);
        Assert.Equal(
            Enumerable.Range(1, 25).Select(i => ModelStandIn.ChatAnswer([("user", $"question number {i}")])),
            lines.Select(l => l.GetProperty("output").GetString()));
        Assert.Equal(75L, job.Tokens.Prompt);
        Assert.Equal(job.Tokens.Prompt + job.Tokens.Completion, job.Tokens.Total);
        Assert.Equal(25, model.Requests);
    }
}
