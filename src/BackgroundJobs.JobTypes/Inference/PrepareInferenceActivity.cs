using System.Globalization;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// Resolves the job's settings (the model defaulted from <c>Inference:Model</c>) and stores them,
/// then reads the file once, streamed, to count its items and note where each chunk starts. Sends
/// nothing; running it twice gives the same plan.
/// </summary>
public sealed class PrepareInferenceActivity(IBlobStore blobs, IOptions<InferenceOptions> options) : TaskActivity<PrepareInferenceInput, InferencePlan>
{
    public override async Task<InferencePlan> RunAsync(TaskActivityContext context, PrepareInferenceInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (run, request) = (input.Run, input.Request);
        var configured = options.Value;
        if (string.IsNullOrWhiteSpace(configured.BaseUrl))
        {
            throw new InvalidJobInputException("No model endpoint is configured: set Inference:BaseUrl, Inference:ApiKey and Inference:Model.");
        }

        var model = request.Model ?? configured.Model
            ?? throw new InvalidJobInputException("The request names no model and Inference:Model is not set.");
        var settings = new InferenceSettings(request.Mode!, model, request.SystemPrompt, request.PromptTemplate, request.MaxTokens, request.Temperature, request.OnUnknownOutcome);
        await blobs.WriteJsonAsync(InferenceBlobNames.Settings(run), settings);

        var starts = await ReadItemStartsAsync(request.Blob!);
        if (starts.Count == 0)
        {
            throw new InvalidJobInputException($"The file '{request.Blob}' has no items: every line is blank.");
        }

        var perChunk = Math.Max(request.ItemsPerChunk ?? InferenceLimits.DefaultItemsPerChunk, (starts.Count + InferenceLimits.MaxChunks - 1) / InferenceLimits.MaxChunks);
        var chunks = new List<InferenceChunk>();
        for (var first = 0; first < starts.Count; first += perChunk)
        {
            chunks.Add(new InferenceChunk(chunks.Count, first, Math.Min(perChunk, starts.Count - first), starts[first].Line, starts[first].Offset));
        }

        var (chunksInFlight, requestsPerChunk) = InferenceLimits.Share(request.MaxConcurrency ?? configured.MaxConcurrency);
        return new InferencePlan(settings.Mode, model, starts.Count, chunksInFlight, requestsPerChunk, chunks);
    }

    /// <summary>The line number and byte offset of every item (a non-blank line; an overlong line is an item that will fail).</summary>
    private async Task<List<(long Line, long Offset)>> ReadItemStartsAsync(string blob)
    {
        await using var stream = await blobs.OpenReadAsync(blob)
            ?? throw new InvalidJobInputException($"The file '{blob}' does not exist (any more).");
        var reader = new LineReader(stream, InferenceLimits.MaxLineBytes);
        var starts = new List<(long Line, long Offset)>();
        var line = 0L;
        while (true)
        {
            var offset = reader.Position;
            if (await reader.ReadLineAsync() is not { } next)
            {
                return starts;
            }

            line++;
            if (!next.TooLong && string.IsNullOrWhiteSpace(next.Text))
            {
                continue;
            }

            if (starts.Count == InferenceLimits.MaxItems)
            {
                throw new InvalidJobInputException(string.Create(CultureInfo.InvariantCulture, $"The file '{blob}' has more than {InferenceLimits.MaxItems} items; split it into several jobs."));
            }

            starts.Add((line, offset));
        }
    }
}
