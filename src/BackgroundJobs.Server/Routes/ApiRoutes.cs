using BackgroundJobs.JobTypes.Inference;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Api.Monitoring;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Api.ResultFiles;
using BackgroundJobs.Api.Schedules;
using BackgroundJobs.Api.Uploads;
using BackgroundJobs.Server.OpenApi;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Server.Routes;

/// <summary>The <c>/api</c> routes, each a thin call into the handlers the Functions triggers call too.</summary>
internal static class ApiRoutes
{
    public static IEndpointRouteBuilder MapBackgroundJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        // Every /api route needs a key (ApiKeyMiddleware); the document says so for each.
        api.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]));
        // One start route for every registered type; /jobs/retry, a literal, still wins over it.
        api.MapPost("/jobs/{type}", (string type, HttpRequest request, JobTypeEndpoints endpoints, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoints.StartAsync(type, request, client, ServerManagementLinks.For(request), cancellationToken))
            .Describe("jobs", "startJob", "Start a job of a registered type").Answers<JobAccepted>(StatusCodes.Status202Accepted).Problems(400, 404, 413, 415, 422);
        api.MapGet("/job-types", (JobTypeEndpoints endpoints) => endpoints.List())
            .Describe("jobs", "listJobTypes", "The registered job types with the JSON Schema of their request").Answers<IReadOnlyList<JobTypeInfo>>();
        api.MapGet("/jobs", (HttpRequest request, ListJobsEndpoint endpoint, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoint.ListAsync(request, client, ServerManagementLinks.For(request), cancellationToken))
            .Describe("jobs", "listJobs", "Jobs newest first, filtered and paged").Answers<JobListView>().Problems(400);
        api.MapGet("/jobs/{id}", (string id, HttpRequest request, DurableTaskClient client, JobDetails details, CancellationToken cancellationToken) =>
            details.GetAsync(client, ServerManagementLinks.For(request), request, id, cancellationToken))
            .Describe("jobs", "getJob", "A job: type, status, progress, result, error and result files").Answers<JobView>().Problems(404);
        api.MapDelete("/jobs/{id}", (string id, PurgeJobEndpoint endpoint, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoint.PurgeAsync(client, id, cancellationToken))
            .Describe("jobs", "purgeJob", "Purge a finished job: its instance, sub-instances and blobs").Produces(StatusCodes.Status204NoContent).Problems(404, 409);
        api.MapPost("/jobs/{id}/retry", (string id, HttpRequest request, RetryJobEndpoints endpoints, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoints.RetryAsync(request, client, id, cancellationToken))
            .Describe("jobs", "retryJob", "Run a failed or canceled job again as a new, linked job").Answers<RetriedJob>(StatusCodes.Status202Accepted).Problems(404, 409);
        api.MapPost("/jobs/retry", (HttpRequest request, RetryJobEndpoints endpoints, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoints.RetryManyAsync(request, client, cancellationToken))
            .Describe("jobs", "retryJobs", "Retry the failed jobs matching a filter").Answers<BulkRetryResult>().Problems(400, 413, 415);
        api.MapGet("/schedules", (ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.ListAsync(cancellationToken))
            .Describe("schedules", "listSchedules", "Every schedule with its next occurrence and last outcomes").Answers<IReadOnlyList<ScheduleView>>();
        api.MapGet("/schedules/{name}", (string name, HttpResponse response, ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.GetAsync(name, response, cancellationToken))
            .Describe("schedules", "getSchedule", "One schedule, with its ETag").Answers<ScheduleView>().Problems(404);
        api.MapPut("/schedules/{name}", (string name, HttpRequest request, ScheduleEndpoints schedules, DurableTaskClient client, CancellationToken cancellationToken) => schedules.PutAsync(name, request, client, cancellationToken))
            .Describe("schedules", "putSchedule", "Create or replace a schedule (If-Match for optimistic concurrency)").Answers<ScheduleView>().Answers<ScheduleView>(StatusCodes.Status201Created).Problems(400, 412, 413, 415);
        api.MapDelete("/schedules/{name}", (string name, ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.DeleteAsync(name, cancellationToken))
            .Describe("schedules", "deleteSchedule", "Delete a schedule").Produces(StatusCodes.Status204NoContent).Problems(404);
        api.MapPost("/schedules/{name}/pause", (string name, HttpRequest request, ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.PauseAsync(name, request, cancellationToken))
            .Describe("schedules", "pauseSchedule", "Pause a schedule: nothing starts until it is resumed").Answers<ScheduleView>().Problems(404, 412);
        api.MapPost("/schedules/{name}/resume", (string name, HttpRequest request, ScheduleEndpoints schedules, CancellationToken cancellationToken) => schedules.ResumeAsync(name, request, cancellationToken))
            .Describe("schedules", "resumeSchedule", "Resume a paused schedule").Answers<ScheduleView>().Problems(404, 412);
        api.MapPost("/schedules/{name}/trigger", (string name, ScheduleEndpoints schedules, DurableTaskClient client, CancellationToken cancellationToken) => schedules.TriggerAsync(name, client, cancellationToken))
            .Describe("schedules", "triggerSchedule", "Run a schedule now, once, honouring its overlap rule").Answers<ScheduleOccurrence>(StatusCodes.Status202Accepted).Problems(404, 409);
        api.MapGet("/" + JobResultDownloadEndpoint.Route, (string id, string name, JobResultDownloadEndpoint endpoint, CancellationToken cancellationToken) =>
            endpoint.DownloadAsync(id, name, cancellationToken))
            .Describe("jobs", "downloadJobResult", "One result file of a job").Produces<Stream>(StatusCodes.Status200OK, ResultFileTypes[0], ResultFileTypes[1..]).Problems(400, 404);
        api.MapPost("/jobs/{id}/cancel", (string id, HttpRequest request, CancelJobEndpoint endpoint, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoint.CancelAsync(request, client, id, cancellationToken))
            .Describe("jobs", "cancelJob", "Cancel a running job and its chunks, recording who and why").Answers<CanceledJob>(StatusCodes.Status202Accepted).Problems(400, 404, 409, 413, 415);
        api.MapGet("/jobs/{id}/events", (string id, JobEventStreamEndpoint endpoint, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoint.StreamAsync(client, id, cancellationToken))
            .Describe("jobs", "streamJobEvents", "Server-Sent Events: job.progress as the job moves, then its ending").Produces<string>(StatusCodes.Status200OK, "text/event-stream").Problems(404);
        api.MapGet("/jobs/{id}/deliveries", (string id, HttpRequest request, WebhookDeliveryEndpoints endpoints, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoints.ListAsync(request, client, id, cancellationToken))
            .Describe("notifications", "listJobDeliveries", "The job's webhook delivery log").Answers<JobDeliveries>().Problems(404);
        api.MapPost("/jobs/{id}/deliveries/{deliveryId}/redeliver", (string id, string deliveryId, HttpRequest request, WebhookDeliveryEndpoints endpoints, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoints.RedeliverAsync(request, client, id, deliveryId, cancellationToken))
            .Describe("notifications", "redeliverJobDelivery", "Send a finished delivery's event again").Answers<WebhookDeliveryView>(StatusCodes.Status202Accepted).Problems(404, 409);
        api.MapGet("/monitor", (MonitorEndpoint endpoint, DurableTaskClient client, CancellationToken cancellationToken) =>
            endpoint.GetAsync(client, cancellationToken))
            .Describe("operations", "getMonitor", "Queue depth, jobs by status and type, failures and throughput").Answers<MonitorSnapshot>();
        api.MapPut("/uploads/{name}", (string name, HttpRequest request, NamedUploadEndpoint endpoint, CancellationToken cancellationToken) =>
            endpoint.PutAsync(name, request, cancellationToken))
            .Describe("uploads", "putUpload", "Store the raw body under uploads/{name}, replacing it in place (If-Match)").Answers<UploadedFile>().Answers<UploadedFile>(StatusCodes.Status201Created).Problems(400, 412, 413, 415);
        api.MapPost("/uploads", (HttpRequest request, UploadEndpoint endpoint, CancellationToken cancellationToken) =>
            endpoint.UploadAsync(request, cancellationToken))
            .Describe("uploads", "upload", "Store the raw body as a blob to name in a job request").Answers<UploadedFile>(StatusCodes.Status201Created).Problems(400, 413, 415);
        return app;
    }

    private static readonly string[] ResultFileTypes =
        ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json", "application/x-ndjson", "text/plain", "image/png", "image/jpeg", "image/webp", "application/octet-stream"];
}
