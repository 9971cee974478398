namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// An OpenAI-compatible model endpoint. Implementations pace themselves to the provider's rate
/// limit and classify every answer (never throw for an HTTP status), so the activity decides what
/// is retried and what is recorded as a failed item.
/// </summary>
public interface IInferenceClient
{
    Task<InferenceAnswer> SendAsync(InferenceCall request, CancellationToken cancellationToken = default);
}
