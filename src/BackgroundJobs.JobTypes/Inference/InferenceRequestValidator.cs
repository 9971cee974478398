using System.Globalization;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Api.Uploads;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// Checks an inference request before anything is started or stored. Errors are keyed by the
/// field's JSON path. The file must be an existing <c>.jsonl</c> upload within the size limit whose
/// first line is an item of the requested mode; chat-only fields are refused for embeddings; a
/// model must be named by the request or by <c>Inference:Model</c>.
/// </summary>
public sealed class InferenceRequestValidator(IBlobStore blobs, IOptions<InferenceOptions> options, JobRequestValidator jobRequest)
{
    public async Task<Dictionary<string, string[]>> ValidateAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors.TryAdd(field, [message]);

        var modeKnown = InferenceModes.IsKnown(request.Mode);
        if (!modeKnown)
        {
            Add("mode", request.Mode is null ? "is required: \"chat\" or \"embeddings\"." : "must be \"chat\" or \"embeddings\".");
        }

        var model = request.Model ?? options.Value.Model;
        if (request.Model is not null && !InferenceLimits.IsValidModelName(request.Model))
        {
            Add("model", $"must be 1-{InferenceLimits.MaxModelLength} letters, digits and . _ - : / (such as gpt-4o-mini).");
        }
        else if (model is null)
        {
            Add("model", "is required: this server has no default model (Inference:Model).");
        }

        CheckChatOnly(request, Add);
        if (request.MaxConcurrency is { } concurrency && concurrency is < 1 or > InferenceLimits.MaxConcurrency)
        {
            Add("maxConcurrency", $"must be between 1 and {InferenceLimits.MaxConcurrency}.");
        }

        if (request.ItemsPerChunk is { } perChunk && perChunk is < 1 or > InferenceLimits.MaxItemsPerChunk)
        {
            Add("itemsPerChunk", $"must be between 1 and {InferenceLimits.MaxItemsPerChunk}.");
        }

        if (!UnknownOutcome.IsKnown(request.OnUnknownOutcome))
        {
            Add(UnknownOutcome.Field, $"must be '{UnknownOutcome.Skip}' (the default: an item whose call may have run is not sent again, so it is not paid for twice) or '{UnknownOutcome.Resend}' (at least once).");
        }

        var settings = modeKnown ? new InferenceSettings(request.Mode!, model ?? "unset", request.SystemPrompt, request.PromptTemplate) : null;
        await CheckBlobAsync(request.Blob, settings, Add, cancellationToken);
        await jobRequest.ValidateAsync(request, Add, cancellationToken);
        return errors;
    }

    private static void CheckChatOnly(InferenceRequest request, Action<string, string> add)
    {
        var embeddings = request.Mode == InferenceModes.Embeddings;
        void ChatOnly(string field, bool given)
        {
            if (embeddings && given)
            {
                add(field, "applies to mode \"chat\" only.");
            }
        }

        ChatOnly("systemPrompt", request.SystemPrompt is not null);
        ChatOnly("promptTemplate", request.PromptTemplate is not null);
        ChatOnly("maxTokens", request.MaxTokens is not null);
        ChatOnly("temperature", request.Temperature is not null);
        if (request.SystemPrompt is { } system && system.Length is 0 or > InferenceLimits.MaxPromptChars)
        {
            add("systemPrompt", $"must be 1-{InferenceLimits.MaxPromptChars} characters.");
        }

        if (request.PromptTemplate is { } template
            && (template.Length > InferenceLimits.MaxPromptChars || !template.Contains(InferenceItemParser.PromptPlaceholder, StringComparison.Ordinal)))
        {
            add("promptTemplate", $"must hold {InferenceItemParser.PromptPlaceholder} (where each item's prompt goes) and be at most {InferenceLimits.MaxPromptChars} characters.");
        }

        if (request.MaxTokens is { } maxTokens && maxTokens is < 1 or > InferenceLimits.MaxOutputTokens)
        {
            add("maxTokens", $"must be between 1 and {InferenceLimits.MaxOutputTokens}.");
        }

        if (request.Temperature is { } temperature && temperature is < 0 or > 2)
        {
            add("temperature", "must be between 0 and 2.");
        }
    }

    private async Task CheckBlobAsync(string? blob, InferenceSettings? settings, Action<string, string> add, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(blob))
        {
            add("blob", "is required: the name returned by POST /api/uploads.");
            return;
        }

        if (!BlobNames.IsValidUploadName(blob))
        {
            add("blob", "must be a name returned by POST /api/uploads (uploads/...).");
            return;
        }

        if (!blob.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            add("blob", "must be a JSON-lines file, uploaded as application/x-ndjson or application/jsonl.");
            return;
        }

        var size = await blobs.GetSizeAsync(blob, cancellationToken);
        if (size is null)
        {
            add("blob", $"'{blob}' does not exist; upload the file with POST /api/uploads first.");
            return;
        }

        if (size > InferenceLimits.MaxFileBytes)
        {
            add("blob", string.Create(CultureInfo.InvariantCulture, $"is {size} bytes; an inference job takes at most {InferenceLimits.MaxFileBytes} bytes."));
            return;
        }

        var firstLine = await UploadedFirstLine.ReadAsync(blobs, blob, cancellationToken) ?? string.Empty;
        if (string.IsNullOrWhiteSpace(firstLine))
        {
            add("blob", "the first line is blank; the file must start with an item.");
        }
        else if (settings is not null && InferenceItemParser.Parse(settings, firstLine).Error is { } error)
        {
            add("blob", $"the first line is no {settings.Mode} item: {error}");
        }
    }
}
