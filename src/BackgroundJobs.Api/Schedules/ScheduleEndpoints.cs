using BackgroundJobs.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// <c>/api/schedules</c> on both hosts: <c>PUT</c>, <c>GET</c> and <c>DELETE /{name}</c>, the list,
/// and <c>POST /{name}/pause</c>, <c>/resume</c> and <c>/trigger</c>. A <c>PUT</c> or a pause/resume
/// with <c>If-Match</c> that no longer matches gets 412 and changes nothing; the blob store checks
/// it as it writes, so this holds across instances.
/// </summary>
public sealed class ScheduleEndpoints(ScheduleStore store, ScheduleValidator validator, ScheduleRunner runner, ScheduleChanges changes, TimeProvider time)
{
    public async Task<IResult> ListAsync(CancellationToken cancellationToken = default)
    {
        var views = new List<ScheduleView>();
        await foreach (var (schedule, etag) in store.ListAsync(cancellationToken))
        {
            views.Add(await ViewAsync(schedule, etag, cancellationToken));
        }

        return Results.Ok(views);
    }

    public async Task<IResult> GetAsync(string name, HttpResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var (schedule, etag) = ScheduleValidator.IsValidName(name) ? await store.ReadAsync(name, cancellationToken) : (null, null);
        if (schedule is null)
        {
            return Problems.NotFound($"schedule '{name}'");
        }

        response.Headers.ETag = etag;
        return Results.Ok(await ViewAsync(schedule, etag!, cancellationToken));
    }

    /// <param name="client">The engine's client, for a type whose validator reads it (a report names a job).</param>
    public async Task<IResult> PutAsync(string name, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (definition, problem) = await JsonBody.ReadAsync<ScheduleDefinition>(request, cancellationToken: cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (schedule, errors) = await validator.ValidateAsync(name, definition!, time.GetUtcNow(), client, cancellationToken);
        if (schedule is null)
        {
            return Problems.Validation(errors);
        }

        var ifMatch = IfMatchOf(request);
        if (ifMatch is not null)
        {
            return await SavedAsync(schedule, await store.WriteAsync(schedule, ifMatch, cancellationToken), request, StatusCodes.Status200OK, cancellationToken);
        }

        // Created only if no other request (on any instance) created it first; else it replaces what is there.
        return await store.TryCreateAsync(schedule, cancellationToken) is { } created
            ? await SavedAsync(schedule, created, request, StatusCodes.Status201Created, cancellationToken)
            : await SavedAsync(schedule, await store.WriteAsync(schedule, ifMatch: null, cancellationToken), request, StatusCodes.Status200OK, cancellationToken);
    }

    public async Task<IResult> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!ScheduleValidator.IsValidName(name) || !await store.DeleteAsync(name, cancellationToken))
        {
            return Problems.NotFound($"schedule '{name}'");
        }

        changes.Notify();
        return Results.NoContent();
    }

    public Task<IResult> PauseAsync(string name, HttpRequest request, CancellationToken cancellationToken = default) =>
        SetPausedAsync(name, request, paused: true, cancellationToken);

    /// <summary>Occurrences while it was paused are not caught up: it goes on from now.</summary>
    public Task<IResult> ResumeAsync(string name, HttpRequest request, CancellationToken cancellationToken = default) =>
        SetPausedAsync(name, request, paused: false, cancellationToken);

    /// <summary>Runs the schedule now, once, honouring its overlap rule; 202 with the outcome (started, skipped or refused).</summary>
    public async Task<IResult> TriggerAsync(string name, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        if (!ScheduleValidator.IsValidName(name) || (await store.ReadAsync(name, cancellationToken)).Schedule is null)
        {
            return Problems.NotFound($"schedule '{name}'");
        }

        return await runner.TriggerAsync(client, name, cancellationToken) is { } outcome
            ? Results.Accepted(value: outcome)
            : Problems.Field("name", "was run now by another request in this same second; try again.", StatusCodes.Status409Conflict, "Conflict.");
    }

    /// <summary>
    /// Changes only <c>paused</c>, over the version read: with the client's <c>If-Match</c> that must be
    /// the current one (else 412); without, a concurrent edit makes it read again rather than undo that edit.
    /// </summary>
    private async Task<IResult> SetPausedAsync(string name, HttpRequest request, bool paused, CancellationToken cancellationToken)
    {
        var ifMatch = IfMatchOf(request);
        while (true)
        {
            var (schedule, etag) = ScheduleValidator.IsValidName(name) ? await store.ReadAsync(name, cancellationToken) : (null, null);
            if (schedule is null)
            {
                return Problems.NotFound($"schedule '{name}'");
            }

            var changed = schedule with { Paused = paused, SavedAt = time.GetUtcNow() };
            var written = await store.WriteAsync(changed, ifMatch ?? etag, cancellationToken);
            if (written is not null || ifMatch is not null)
            {
                return await SavedAsync(changed, written, request, StatusCodes.Status200OK, cancellationToken);
            }
        }
    }

    private static string? IfMatchOf(HttpRequest request) => request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch ? ifMatch : null;

    private static IResult PreconditionFailed() =>
        Problems.Field("If-Match", "does not match the schedule's current ETag: it was changed (or deleted) since you read it.", StatusCodes.Status412PreconditionFailed, "Precondition failed.");

    /// <param name="etag">The ETag of what was written, or null when the store refused the write (its If-Match did not hold).</param>
    private async Task<IResult> SavedAsync(StoredSchedule schedule, string? etag, HttpRequest request, int status, CancellationToken cancellationToken)
    {
        if (etag is null)
        {
            return PreconditionFailed();
        }

        changes.Notify();
        request.HttpContext.Response.Headers.ETag = etag;
        var view = await ViewAsync(schedule, etag, cancellationToken);
        return status == StatusCodes.Status201Created ? Results.Created($"/api/schedules/{schedule.Name}", view) : Results.Ok(view);
    }

    private async Task<ScheduleView> ViewAsync(StoredSchedule schedule, string etag, CancellationToken cancellationToken)
    {
        var state = await store.ReadStateAsync(schedule.Name, cancellationToken);
        return new ScheduleView(
            schedule.Name,
            schedule.Cron,
            schedule.TimeZone,
            schedule.JobType,
            schedule.Request,
            schedule.Overlap,
            schedule.CatchUp,
            schedule.Paused,
            schedule.Paused ? null : schedule.NextAfter(time.GetUtcNow()),
            state.LastOccurrence,
            state.Outcomes,
            etag);
    }
}
