using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>Stands in when <c>Inference:BaseUrl</c> is unset: a job fails saying which settings are missing.</summary>
internal sealed class NotConfiguredInferenceClient : IInferenceClient
{
    public Task<InferenceAnswer> SendAsync(InferenceCall request, CancellationToken cancellationToken = default) =>
        throw new InvalidJobInputException("No model endpoint is configured: set Inference:BaseUrl, Inference:ApiKey and Inference:Model.");
}
