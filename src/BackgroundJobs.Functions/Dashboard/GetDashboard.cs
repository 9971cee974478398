using BackgroundJobs.Api.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BackgroundJobs.Functions.Dashboard;

/// <summary>
/// The operators' page and its files, at <c>/api/dashboard</c>: every HTTP function shares the
/// host's <c>api</c> route prefix. Anonymous, as the page holds no data; the API calls it makes
/// carry the function key the operator enters.
/// </summary>
public sealed class GetDashboard(DashboardEndpoint endpoint)
{
    [Function(nameof(GetDashboard))]
    public IResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "dashboard")] HttpRequest request) =>
        endpoint.Page(request);

    [Function("GetDashboardAsset")]
    public IResult RunAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "dashboard/{name}")] HttpRequest request,
        string name) =>
        endpoint.Asset(name);
}
