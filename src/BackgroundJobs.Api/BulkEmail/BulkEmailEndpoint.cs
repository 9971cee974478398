using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.BulkEmail;
using BackgroundJobs.Core.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.BulkEmail;

/// <summary><c>POST /api/jobs/bulk-email</c>: validate, then start; nothing is stored for a bad request.</summary>
public sealed class BulkEmailEndpoint(BulkEmailRequestValidator validator, JobStarter starter)
{
    public Task<IResult> StartBulkEmailAsync(HttpRequest request, DurableTaskClient client, ManagementLinkFactory links, CancellationToken cancellationToken = default) =>
        starter.ReadValidateAndStartAsync<BulkEmailRequest>(request, client, links, JobTypes.BulkEmail, validator.ValidateAsync, cancellationToken);
}
