using BackgroundJobs.Api.Http;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Reports;

/// <summary><c>POST /api/jobs/reports</c>: validate, then start; nothing is stored for a bad request.</summary>
public sealed class ReportEndpoint(ReportRequestValidator validator, JobStarter starter)
{
    public async Task<IResult> StartReportAsync(HttpRequest request, DurableTaskClient client, ManagementLinkFactory links, CancellationToken cancellationToken = default)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReportRequest>(request, cancellationToken: cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var checkedRequest = await validator.ValidateAsync(body!, client, cancellationToken);
        if (checkedRequest.Errors.Count == 0)
        {
            return await starter.StartAsync(request, client, links, ReportsJob.Name, checkedRequest.Request, cancellationToken);
        }

        if (checkedRequest.Status == StatusCodes.Status400BadRequest)
        {
            return Problems.Validation(checkedRequest.Errors);
        }

        var (field, messages) = checkedRequest.Errors.First();
        return Problems.Field(field, messages[0], checkedRequest.Status);
    }
}
