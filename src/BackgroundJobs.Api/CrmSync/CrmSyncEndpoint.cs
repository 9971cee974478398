using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.CrmSync;
using BackgroundJobs.Core.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.CrmSync;

/// <summary><c>POST /api/jobs/crm-sync</c>: validate, then start; nothing is stored for a bad request.</summary>
public sealed class CrmSyncEndpoint(CrmSyncRequestValidator validator, JobStarter starter)
{
    public Task<IResult> StartCrmSyncAsync(HttpRequest request, DurableTaskClient client, ManagementLinkFactory links, CancellationToken cancellationToken = default) =>
        starter.ReadValidateAndStartAsync<CrmSyncRequest>(request, client, links, JobTypes.CrmSync, validator.ValidateAsync, cancellationToken);
}
