using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Inference;
using BackgroundJobs.Core.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Inference;

/// <summary><c>POST /api/jobs/inference</c>: validate, then start; nothing is stored for a bad request.</summary>
public sealed class InferenceEndpoint(InferenceRequestValidator validator, JobStarter starter)
{
    public Task<IResult> StartInferenceAsync(HttpRequest request, DurableTaskClient client, ManagementLinkFactory links, CancellationToken cancellationToken = default) =>
        starter.ReadValidateAndStartAsync<InferenceRequest>(request, client, links, JobTypes.Inference, validator.ValidateAsync, cancellationToken);
}
