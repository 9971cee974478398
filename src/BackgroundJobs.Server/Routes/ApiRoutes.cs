using BackgroundJobs.Api.BulkEmail;
using BackgroundJobs.Api.CrmSync;
using BackgroundJobs.JobTypes.Inference;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Api.Monitoring;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Api.Reports;
using BackgroundJobs.Api.ResultFiles;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.Api.Uploads;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Routes;

/// <summary>The <c>/api</c> routes, each a thin call into the handlers the Functions triggers call too.</summary>
internal static class ApiRoutes
{
    public static IEndpointRouteBuilder MapBackgroundJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        // One start route for every registered type; /jobs/retry, a literal, still wins over it.
        api.MapPost("/jobs/{type}", (string type, HttpRequest request, JobTypeEndpoints endpoints, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoints.StartAsync(type, request, client, ServerManagementLinks.For(request), cancellationToken));
        api.MapGet("/job-types", (JobTypeEndpoints endpoints) => endpoints.List());
        api.MapGet("/jobs", (HttpRequest request, ListJobsEndpoint endpoint, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoint.ListAsync(request, client, ServerManagementLinks.For(request), cancellationToken));
        api.MapGet("/jobs/{id}", (string id, HttpRequest request, DurableTaskClient client, JobDetails details, CancellationToken cancellationToken) =>
            details.GetAsync(client, ServerManagementLinks.For(request), request, id, cancellationToken));
        api.MapDelete("/jobs/{id}", (string id, PurgeJobEndpoint endpoint, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoint.PurgeAsync(client, id, cancellationToken));
        api.MapPost("/jobs/{id}/retry", (string id, HttpRequest request, RetryJobEndpoints endpoints, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoints.RetryAsync(request, client, id, cancellationToken));
        api.MapPost("/jobs/retry", (HttpRequest request, RetryJobEndpoints endpoints, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoints.RetryManyAsync(request, client, cancellationToken));
        api.MapGet("/schedules", (ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.ListAsync(cancellationToken));
        api.MapGet("/schedules/{name}", (string name, HttpResponse response, ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.GetAsync(name, response, cancellationToken));
        api.MapPut("/schedules/{name}", (string name, HttpRequest request, ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.PutAsync(name, request, cancellationToken));
        api.MapDelete("/schedules/{name}", (string name, ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.DeleteAsync(name, cancellationToken));
        api.MapPost("/schedules/{name}/pause", (string name, HttpRequest request, ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.PauseAsync(name, request, cancellationToken));
        api.MapPost("/schedules/{name}/resume", (string name, HttpRequest request, ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.ResumeAsync(name, request, cancellationToken));
        api.MapPost("/schedules/{name}/trigger", (string name, ScheduleEndpoints schedules, DurableTaskClient client, CancellationToken cancellationToken) => schedules.TriggerAsync(name, client, cancellationToken));
        api.MapGet("/" + JobResultDownloadEndpoint.Route, (string id, string name, JobResultDownloadEndpoint endpoint, CancellationToken cancellationToken) =>
            endpoint.DownloadAsync(id, name, cancellationToken));
        api.MapPost("/jobs/{id}/cancel", (string id, HttpRequest request, CancelJobEndpoint endpoint, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoint.CancelAsync(request, client, id, cancellationToken));
        api.MapGet("/jobs/{id}/events", (string id, JobEventStreamEndpoint endpoint, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoint.StreamAsync(client, id, cancellationToken));
        api.MapGet("/jobs/{id}/deliveries", (string id, HttpRequest request, WebhookDeliveryEndpoints endpoints, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoints.ListAsync(request, client, id, cancellationToken));
        api.MapPost("/jobs/{id}/deliveries/{deliveryId}/redeliver", (string id, string deliveryId, HttpRequest request, WebhookDeliveryEndpoints endpoints, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoints.RedeliverAsync(request, client, id, deliveryId, cancellationToken));
        api.MapGet("/monitor", (MonitorEndpoint endpoint, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoint.GetAsync(client, cancellationToken));
        api.MapPut("/uploads/{name}", (string name, HttpRequest request, NamedUploadEndpoint endpoint, CancellationToken cancellationToken) =>
            endpoint.PutAsync(name, request, cancellationToken));
        api.MapPost("/uploads", (HttpRequest request, UploadEndpoint endpoint, CancellationToken cancellationToken) =>
            endpoint.UploadAsync(request, cancellationToken));
        return app;
    }
}
