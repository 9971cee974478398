using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.BulkEmail;
using BackgroundJobs.Core.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.BulkEmail;

/// <summary><c>POST /api/jobs/bulk-email</c>: validate, then start; nothing is stored for a bad request.</summary>
public sealed class BulkEmailEndpoint(BulkEmailRequestValidator validator, JobStarter starter)
{
    public async Task<IResult> StartBulkEmailAsync(HttpRequest request, DurableTaskClient client, ManagementLinkFactory links, CancellationToken cancellationToken = default)
    {
        var (body, problem) = await JsonBody.ReadAsync<BulkEmailRequest>(request, cancellationToken: cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = await validator.ValidateAsync(body!, cancellationToken);
        return errors.Count > 0
            ? Problems.Validation(errors)
            : await starter.StartAsync(request, client, links, JobTypes.BulkEmail, body!, cancellationToken);
    }
}
