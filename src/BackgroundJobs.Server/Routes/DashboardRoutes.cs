using BackgroundJobs.Server.OpenApi;
using BackgroundJobs.Api.Dashboard;

namespace BackgroundJobs.Server.Routes;

/// <summary>
/// <c>GET /dashboard</c> and its files, and <c>GET /</c> redirecting there. Outside <c>/api</c>, so the page loads without a key; the
/// API calls it makes send the key the operator enters.
/// </summary>
internal static class DashboardRoutes
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];

        // A first visitor types the bare address; the dashboard is the only page the server has.
        app.MapMethods("/", methods, () => Results.Redirect("/dashboard"))
            .Describe("dashboard", "home", "Redirects to the dashboard").Produces(StatusCodes.Status302Found);
        app.MapMethods("/dashboard", methods, (HttpRequest request, DashboardEndpoint endpoint) => endpoint.Page(request))
            .Describe("dashboard", "dashboard", "The operators' web page (Functions: /api/dashboard)").Produces<string>(StatusCodes.Status200OK, "text/html");
        app.MapMethods("/dashboard/{name}", methods, (string name, DashboardEndpoint endpoint) => endpoint.Asset(name))
            .Describe("dashboard", "dashboardAsset", "A file of the dashboard (Functions: /api/dashboard/{name})").Produces<string>(StatusCodes.Status200OK, "text/javascript", "text/css", "image/svg+xml").Problems(404);
        return app;
    }
}
