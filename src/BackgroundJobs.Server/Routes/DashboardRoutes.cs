using BackgroundJobs.Api.Dashboard;

namespace BackgroundJobs.Server.Routes;

/// <summary>
/// <c>GET /dashboard</c> and its files. Outside <c>/api</c>, so the page loads without a key; the
/// API calls it makes send the key the operator enters.
/// </summary>
internal static class DashboardRoutes
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/dashboard", methods, (HttpRequest request, DashboardEndpoint endpoint) => endpoint.Page(request));
        app.MapMethods("/dashboard/{name}", methods, (string name, DashboardEndpoint endpoint) => endpoint.Asset(name));
        return app;
    }
}
