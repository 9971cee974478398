using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// A start for later: <c>runAt</c> (ISO 8601 with a zone) or <c>delaySeconds</c>, as fields of the
/// start request or as query parameters, for every job type. The orchestrator waits for the time
/// (see <c>JobOrchestrator</c>); this checks the values and puts the time into the input in UTC.
/// </summary>
public static class DelayedStart
{
    public const string RunAtField = "runAt";

    public const string DelaySecondsField = "delaySeconds";

    /// <summary>The furthest ahead a job can be started for.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(30);

    /// <summary>What a start request asked for, checked.</summary>
    /// <param name="Requested">The input with the query's values in it: what an idempotency key's hash is of, so a retried <c>delaySeconds</c> matches.</param>
    /// <param name="Scheduled">The input the orchestrator gets: <c>runAt</c> in UTC, no <c>delaySeconds</c>.</param>
    /// <param name="RunAt">When the job starts; null for a job that starts now.</param>
    public sealed record Reading<TInput>(TInput Requested, TInput Scheduled, DateTimeOffset? RunAt, IResult? Problem);

    public static Reading<TInput> Read<TInput>(HttpRequest request, TInput input, DateTimeOffset now)
        where TInput : class, IJobRequest
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(input);
        var queryRunAt = request.Query[RunAtField].ToString();
        var queryDelay = request.Query[DelaySecondsField].ToString();
        if (queryRunAt.Length == 0 && queryDelay.Length == 0 && input.RunAt is null && input.DelaySeconds is null)
        {
            return new(input, input, null, null);
        }

        if ((queryRunAt.Length > 0 && input.RunAt is not null) || (queryDelay.Length > 0 && input.DelaySeconds is not null))
        {
            var field = queryRunAt.Length > 0 ? RunAtField : DelaySecondsField;
            return Refused(input, field, "is given both in the body and as a query parameter; give it once.");
        }

        var runAtText = input.RunAt ?? (queryRunAt.Length > 0 ? queryRunAt : null);
        int? delay = input.DelaySeconds;
        if (queryDelay.Length > 0)
        {
            if (!int.TryParse(queryDelay, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Refused(input, DelaySecondsField, "must be a whole number of seconds.");
            }

            delay = parsed;
        }

        if (runAtText is not null && delay is not null)
        {
            return Refused(input, DelaySecondsField, "cannot be combined with runAt; give one of them.");
        }

        DateTimeOffset runAt;
        if (runAtText is not null)
        {
            if (JobFilter.ParseTime(runAtText) is not { } parsedTime)
            {
                return Refused(input, RunAtField, "must be an ISO 8601 time with Z or an offset (2026-05-01T08:00:00+02:00); a time without a zone is ambiguous.");
            }

            runAt = parsedTime;
            if (runAt - now > MaxDelay)
            {
                return Refused(input, RunAtField, $"is more than {MaxDelay.TotalDays} days ahead.");
            }
        }
        else
        {
            if (delay < 0 || delay > MaxDelay.TotalSeconds)
            {
                return Refused(input, DelaySecondsField, $"must be from 0 to {MaxDelay.TotalSeconds} ({MaxDelay.TotalDays} days).");
            }

            runAt = now.AddSeconds(delay!.Value);
        }

        var requested = With(input, runAtText, delay);
        var scheduled = With(input, runAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), null);
        if (scheduled.RunAt is null)
        {
            return Refused(input, RunAtField, "is not taken by this job type (its request declares no runAt).");
        }

        // A time in the past starts now, as an immediate job.
        return new(requested, scheduled, runAt > now ? runAt : null, null);
    }

    private static Reading<TInput> Refused<TInput>(TInput input, string field, string message) =>
        new(input, input, null, Problems.Field(field, message));

    // A request type that declares the two fields (IJobRequest) gets them set by a JSON round trip.
    private static TInput With<TInput>(TInput input, string? runAt, int? delaySeconds)
    {
        var node = JsonSerializer.SerializeToNode(input, JobJson.Options)!.AsObject();
        node[RunAtField] = runAt;
        node[DelaySecondsField] = delaySeconds;
        return node.Deserialize<TInput>(JobJson.Options)!;
    }
}
