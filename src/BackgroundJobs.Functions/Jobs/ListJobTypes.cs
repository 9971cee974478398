using BackgroundJobs.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BackgroundJobs.Functions.Jobs;

/// <summary><c>GET /api/job-types</c>: the registered job types with their request schema and limits.</summary>
/// <remarks>Public because the generated function executor calls only public classes directly; others fall back to reflection.</remarks>
public sealed class ListJobTypes(JobTypeEndpoints endpoints)
{
    [Function(nameof(ListJobTypes))]
    public IResult Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "job-types")] HttpRequest request) =>
        endpoints.List();
}
