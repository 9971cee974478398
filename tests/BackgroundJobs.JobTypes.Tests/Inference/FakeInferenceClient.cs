using System.Collections.Concurrent;
using System.Text.Json;
using BackgroundJobs.JobTypes.Inference;

namespace BackgroundJobs.JobTypes.Tests.Inference;

/// <summary>
/// An <see cref="IInferenceClient"/> that answers <c>out:{last message}</c> (or what <see cref="Answer"/>
/// says), after <see cref="Delay"/>, counting requests per input and the most in flight at once.
/// </summary>
public sealed class FakeInferenceClient : IInferenceClient
{
    private readonly ConcurrentDictionary<string, int> sent = new(StringComparer.Ordinal);
    private int inFlight;
    private int peak;

    public Func<string, InferenceAnswer?> Answer { get; set; } = _ => null;

    public TimeSpan Delay { get; set; }

    public int PeakConcurrency => Volatile.Read(ref peak);

    public int Requests => sent.Values.Sum();

    public int SentTimes(string input) => sent.GetValueOrDefault(input);

    public static string InputOf(InferenceCall call) => call.Input ?? call.Messages![^1].Content;

    public async Task<InferenceAnswer> SendAsync(InferenceCall request, CancellationToken cancellationToken = default)
    {
        var input = InputOf(request);
        sent.AddOrUpdate(input, 1, (_, n) => n + 1);
        var now = Interlocked.Increment(ref inFlight);
        lock (sent)
        {
            peak = Math.Max(peak, now);
        }

        try
        {
            await Task.Delay(Delay, cancellationToken);
            return Answer(input) ?? new InferenceAnswer(
                InferenceAnswerOutcome.Answered,
                JsonSerializer.SerializeToElement($"out:{input}"),
                "stop",
                new InferenceUsage(2, 3, 5),
                200);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}
