using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.Samples.WordCount;

/// <summary>
/// Plans the chunks, counts them a few at a time, and adds the counts up. Deriving from
/// <see cref="JobOrchestrator{TInput, TOutput}"/> gives the job its notifications (webhook, e-mail,
/// the event stream) and its place in the monitor with no code here. Orchestrator code replays, so it
/// only calls activities and sums what they return; the activities do the reading.
/// </summary>
public sealed class WordCountOrchestrator(JobEventChannels channels) : JobOrchestrator<WordCountRequest, WordCountResult>(channels)
{
    protected override async Task<WordCountResult> RunJobAsync(TaskOrchestrationContext context, WordCountRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var blob = input.Blob!;
        var chunks = await context.CallActivityAsync<TextChunk[]>(
            nameof(PlanWordCountActivity),
            new PlanWordCountInput(blob, input.LinesPerChunk ?? WordCountLimits.DefaultLinesPerChunk),
            JobRetry.Options(BackoffPolicy.Default, nameof(PlanWordCountActivity)));

        long lines = 0, words = 0;
        for (var first = 0; first < chunks.Length; first += WordCountLimits.ChunksPerWave)
        {
            var wave = chunks.Skip(first).Take(WordCountLimits.ChunksPerWave).Select((chunk, i) => context.CallActivityAsync<ChunkCount>(
                nameof(CountWordsActivity),
                new CountWordsInput(blob, chunk),
                JobRetry.Options(BackoffPolicy.Default, $"{nameof(CountWordsActivity)}/{first + i}"))).ToList();
            foreach (var count in await Task.WhenAll(wave))
            {
                lines += count.Lines;
                words += count.Words;
            }

            var done = Math.Min(first + WordCountLimits.ChunksPerWave, chunks.Length);
            await ReportProgressAsync(context, input, new JobProgress("counting", done, chunks.Length, new Dictionary<string, long>(StringComparer.Ordinal) { ["words"] = words }));
        }

        return new WordCountResult(lines, words, chunks.Length);
    }
}
