using System.Diagnostics;
using System.Globalization;
using BackgroundJobs.Infrastructure;
using BackgroundJobs.JobTypes.Inference;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.JobTypes.Tests.Inference;

/// <summary>The OpenAI-package client as the infrastructure registers it, against the model stand-in on Kestrel.</summary>
public sealed class OpenAiInferenceClientTests : IAsyncLifetime
{
    private ModelStandIn model = null!;
    private ServiceProvider? services;

    public async Task InitializeAsync() => model = await ModelStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        await model.DisposeAsync();
    }

    private IInferenceClient CreateClient(double requestsPerSecond = 100, string? baseUrl = null, string apiKey = ModelStandIn.ApiKey, int timeoutSeconds = 30)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Inference:BaseUrl"] = baseUrl ?? model.BaseUrl,
                ["Inference:ApiKey"] = apiKey,
                ["Inference:Model"] = ModelStandIn.ChatModel,
                ["Inference:RequestsPerSecond"] = requestsPerSecond.ToString(CultureInfo.InvariantCulture),
                ["Inference:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
            })
            .Build();
        services = new ServiceCollection().AddLogging().AddBackgroundJobsInfrastructure(configuration).AddInferenceJob().BuildServiceProvider(validateScopes: true);
        return services.GetRequiredService<IInferenceClient>();
    }

    private static InferenceCall Chat(string prompt, string? system = null) =>
        new(InferenceModes.Chat, ModelStandIn.ChatModel, system is null ? [new("user", prompt)] : [new("system", system), new("user", prompt)]);

    [Fact]
    public async Task SendAsync_Chat_GivesTheCompletionsTextFinishReasonAndUsage()
    {
        var client = CreateClient();

        var answer = await client.SendAsync(Chat("what is two plus two", system: "be brief"));

        Assert.Equal(InferenceAnswerOutcome.Answered, answer.Outcome);
        var expected = ModelStandIn.ChatAnswer([("system", "be brief"), ("user", "what is two plus two")]);
        Assert.Equal(expected, answer.Output!.Value.GetString());
        Assert.Equal("stop", answer.FinishReason);
        Assert.Equal(new InferenceUsage(7, ModelStandIn.Tokens(expected), 7 + ModelStandIn.Tokens(expected)), answer.Usage);
    }

    [Fact]
    public async Task SendAsync_Embeddings_GivesTheVectorAndUsage()
    {
        var client = CreateClient();

        var answer = await client.SendAsync(new InferenceCall(InferenceModes.Embeddings, ModelStandIn.EmbeddingModel, Input: "hello there world"));

        Assert.Equal(InferenceAnswerOutcome.Answered, answer.Outcome);
        Assert.Equal(ModelStandIn.EmbeddingOf("hello there world"), answer.Output!.Value.EnumerateArray().Select(v => v.GetSingle()).ToArray());
        Assert.Equal(new InferenceUsage(3, 0, 3), answer.Usage);
    }

    [Theory]
    [InlineData(429, 3, InferenceAnswerOutcome.Transient)]
    [InlineData(408, 0, InferenceAnswerOutcome.Transient)]
    [InlineData(503, 2, InferenceAnswerOutcome.Unknown)]
    [InlineData(500, 0, InferenceAnswerOutcome.Unknown)]
    [InlineData(502, 0, InferenceAnswerOutcome.Unknown)]
    [InlineData(504, 0, InferenceAnswerOutcome.Unknown)]
    [InlineData(400, 0, InferenceAnswerOutcome.Rejected)]
    [InlineData(422, 0, InferenceAnswerOutcome.Rejected)]
    public async Task SendAsync_ErrorStatus_IsClassified_WithRetryAfter_AndTheSdkDoesNotRetryOnItsOwn(int status, int retryAfterSeconds, InferenceAnswerOutcome expected)
    {
        var client = CreateClient();
        model.FailNextRequests(1, status, retryAfterSeconds > 0 ? TimeSpan.FromSeconds(retryAfterSeconds) : null);

        var answer = await client.SendAsync(Chat("hi"));

        Assert.Equal((expected, (int?)status), (answer.Outcome, answer.StatusCode));
        Assert.Equal(retryAfterSeconds > 0 ? TimeSpan.FromSeconds(retryAfterSeconds) : null, answer.RetryAfter);
        Assert.Equal("Scripted failure.", answer.Error);
        Assert.Equal(1, model.Requests);
    }

    [Fact]
    public async Task SendAsync_ItemTheModelRefuses_IsRejectedWithTheModelsMessage()
    {
        var client = CreateClient();
        model.RejectMarker = "FORBIDDEN";

        var answer = await client.SendAsync(Chat("say FORBIDDEN"));

        Assert.Equal((InferenceAnswerOutcome.Rejected, (int?)400), (answer.Outcome, answer.StatusCode));
        Assert.Contains("refuses", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_WrongKey_IsRejected_AndTheErrorNeverHoldsTheKey()
    {
        const string wrongKey = "sk-wrong-key-0123456789";
        var client = CreateClient(apiKey: wrongKey);

        var answer = await client.SendAsync(Chat("hi"));

        Assert.Equal((InferenceAnswerOutcome.Rejected, (int?)401), (answer.Outcome, answer.StatusCode));
        Assert.DoesNotContain(wrongKey, answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_UnknownModel_IsRejectedWith404()
    {
        var client = CreateClient();

        var answer = await client.SendAsync(new InferenceCall(InferenceModes.Chat, "no-such-model", [new("user", "hi")]));

        Assert.Equal((InferenceAnswerOutcome.Rejected, (int?)404), (answer.Outcome, answer.StatusCode));
        Assert.Contains("does not exist", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SlowerThanTheTimeout_IsUnknown_ForTheModelStillRunsTheCall()
    {
        var client = CreateClient(timeoutSeconds: 1);
        model.Delay = TimeSpan.FromSeconds(3);

        var answer = await client.SendAsync(Chat("hi"));

        Assert.Equal(InferenceAnswerOutcome.Unknown, answer.Outcome);
        Assert.Contains("within 1 s", answer.Error, StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => model.RequestsFor("hi") == 1, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedAfterTheCallRan_IsUnknown()
    {
        var client = CreateClient();
        model.DropNextAnswers(1);

        var answer = await client.SendAsync(Chat("hi"));

        Assert.Equal(InferenceAnswerOutcome.Unknown, answer.Outcome);
        Assert.Equal(1, model.RequestsFor("hi"));
    }

    [Fact]
    public async Task SendAsync_EndpointDown_IsTransient()
    {
        await model.StopAsync();
        var client = CreateClient(baseUrl: model.BaseUrl);

        var answer = await client.SendAsync(Chat("hi"));

        Assert.Equal(InferenceAnswerOutcome.Transient, answer.Outcome);
        Assert.Contains("could not be reached", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_HostNameDoesNotResolve_IsTransient()
    {
        // .invalid never resolves (RFC 2606): the request never leaves.
        var client = CreateClient(baseUrl: "http://backgroundjobs-test.invalid/v1");

        var answer = await client.SendAsync(Chat("hi"));

        Assert.Equal(InferenceAnswerOutcome.Transient, answer.Outcome);
        Assert.Contains("could not be reached", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ManyAtOnce_ArePacedByTheSharedTokenBucket()
    {
        var client = CreateClient(requestsPerSecond: 10);
        var clock = Stopwatch.StartNew();

        var answers = await Task.WhenAll(Enumerable.Range(0, 21).Select(i => client.SendAsync(Chat($"item {i}"))));

        // One token every 100 ms: the 21st request cannot leave before about two seconds.
        Assert.All(answers, a => Assert.Equal(InferenceAnswerOutcome.Answered, a.Outcome));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(1900), TimeSpan.FromSeconds(10));
        // Measured where the requests arrive: 21 requests at 10 a second span at least about two seconds.
        var arrivals = model.RequestTimes;
        Assert.Equal(21, arrivals.Count);
        Assert.True(arrivals[^1] - arrivals[0] >= TimeSpan.FromMilliseconds(1800), $"21 requests arrived within {arrivals[^1] - arrivals[0]}");
    }
}
