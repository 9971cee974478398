using System.Globalization;
using System.Text.Json;
using BackgroundJobs.Server.Tests;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;

namespace BackgroundJobs.JobTypes.Tests.Inference;

/// <summary>Starts an inference job over HTTP, follows it to the end and reads its job view and results file.</summary>
internal sealed class InferenceJob : FinishedJob
{
    private InferenceJob(FinishedJob finished)
        : base(finished)
    {
    }

    public (int Items, int Succeeded, int Failed) Counts =>
        (Result.GetProperty("items").GetInt32(), Result.GetProperty("succeeded").GetInt32(), Result.GetProperty("failed").GetInt32());

    public (long Prompt, long Completion, long Total) Tokens
    {
        get
        {
            var usage = Result.GetProperty("usage");
            return (usage.GetProperty("promptTokens").GetInt64(), usage.GetProperty("completionTokens").GetInt64(), usage.GetProperty("totalTokens").GetInt64());
        }
    }

    public static Dictionary<string, string?> Settings(ModelStandIn model, double requestsPerSecond = 200, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Inference:BaseUrl"] = model.BaseUrl;
        settings["Inference:ApiKey"] = ModelStandIn.ApiKey;
        settings["Inference:Model"] = ModelStandIn.ChatModel;
        settings["Inference:RequestsPerSecond"] = requestsPerSecond.ToString(CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>JSON lines of <paramref name="count"/> chat prompts, <c>{"id":"q1","prompt":"question number 1"}</c> on.</summary>
    public static string Prompts(int count) =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"{{\"id\":\"q{i}\",\"prompt\":\"question number {i}\"}}\n"));

    public static async Task<InferenceJob> RunAsync(ServerHost server, object body, TimeSpan? timeout = null) =>
        new(await StartAndFollowAsync(server, "/api/jobs/inference", body, "inference", timeout ?? TimeSpan.FromSeconds(90)));

    /// <summary>The lines of <c>results.jsonl</c>, fetched through the job view's download link.</summary>
    public async Task<List<JsonElement>> ResultLinesAsync(HttpClient http)
    {
        var text = await http.GetStringAsync(LinkTo("/results.jsonl"));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }
}
