using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Documents;
using BackgroundJobs.Core.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Documents;

/// <summary><c>POST /api/jobs/documents</c>: validate, then start; nothing is stored for a bad request.</summary>
public sealed class DocumentEndpoint(DocumentRequestValidator validator, JobStarter starter)
{
    public Task<IResult> StartDocumentProcessingAsync(HttpRequest request, DurableTaskClient client, ManagementLinkFactory links, CancellationToken cancellationToken = default) =>
        starter.ReadValidateAndStartAsync<DocumentRequest>(request, client, links, JobTypes.Documents, validator.ValidateAsync, cancellationToken);
}
