using System.Text.Json;
using System.Text.Json.Serialization;
using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// Checks a schedule before it is stored, so that one that could never start is refused with the
/// reasons: its name, a cron that fires (and not more often than <c>Schedules:MinInterval</c>), an
/// IANA zone, a job type this host serves, and a request the type's own validator accepts.
/// </summary>
public sealed class ScheduleValidator(IEnumerable<JobRequestCheck> checks, IServiceProvider services, IOptions<ScheduleOptions> options)
{
    /// <summary>A run's job id is <c>schedule-{name}-{yyyyMMddTHHmmssZ}</c>, and a job id is at most 100 characters.</summary>
    public const int MaxNameLength = 64;

    private static readonly JsonSerializerOptions Strict = new(JobJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    private readonly Dictionary<string, JobRequestCheck> byType = checks.DistinctBy(c => c.JobType).ToDictionary(c => c.JobType, StringComparer.Ordinal);

    /// <summary>Letters, digits, hyphens and underscores, as a job id (no <c>/</c>, <c>..</c> or control characters).</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public IReadOnlyCollection<string> JobTypes => byType.Keys;

    /// <returns>The schedule to store, or the errors by field.</returns>
    public async Task<(StoredSchedule? Schedule, Dictionary<string, string[]> Errors)> ValidateAsync(
        string name, ScheduleDefinition definition, DateTimeOffset now, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!IsValidName(name))
        {
            errors["name"] = [$"must be 1-{MaxNameLength} letters, digits, hyphens or underscores."];
        }

        var zoneId = definition.TimeZone ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            errors["timeZone"] = [$"'{zoneId}' is not a known IANA time zone (Europe/Paris, America/New_York, UTC)."];
        }

        if (definition.Cron is not { Length: > 0 } cron)
        {
            errors["cron"] = ["is required: 5 fields (minute first) or 6 (second first)."];
        }
        else if (StoredSchedule.ParseCron(cron) is not { } expression)
        {
            errors["cron"] = ["is not a cron of 5 fields (minute first) or 6 (second first) in Cronos syntax."];
        }
        else if (zone is not null && CronProblem(expression, zone, now) is { } problem)
        {
            errors["cron"] = [problem];
        }

        var overlap = definition.Overlap ?? ScheduleOverlap.Skip;
        if (overlap is not (ScheduleOverlap.Skip or ScheduleOverlap.Allow))
        {
            errors["overlap"] = ["must be 'skip' or 'allow'."];
        }

        var catchUp = definition.CatchUp ?? ScheduleCatchUp.None;
        if (catchUp is not (ScheduleCatchUp.None or ScheduleCatchUp.Latest))
        {
            errors["catchUp"] = ["must be 'none' or 'latest'."];
        }

        if (definition.JobType is not { } jobType || !byType.ContainsKey(jobType))
        {
            errors["jobType"] = [$"must be one of the job types this host can schedule: {string.Join(", ", byType.Keys)}."];
        }
        else if (definition.Request is not { ValueKind: JsonValueKind.Object } request)
        {
            errors["request"] = ["is required: the JSON object a run starts the job with."];
        }
        else
        {
            foreach (var (field, messages) in (await CheckRequestAsync(client, jobType, request, cancellationToken)).Errors)
            {
                errors["request." + field] = messages;
            }
        }

        return errors.Count > 0
            ? (null, errors)
            : (new StoredSchedule(name, definition.Cron!, zoneId, definition.JobType!, definition.Request!.Value, overlap, catchUp, definition.Paused ?? false, now), errors);
    }

    /// <summary>
    /// Reads the request as the type's start route does and runs the type's validator: the request a run
    /// starts (as the validator completed it), or the errors by field within the request.
    /// </summary>
    public async Task<(object? Request, Dictionary<string, string[]> Errors)> CheckRequestAsync(
        DurableTaskClient client, string jobType, JsonElement request, CancellationToken cancellationToken = default)
    {
        if (!byType.TryGetValue(jobType, out var check))
        {
            return (null, new() { ["jobType"] = [$"'{jobType}' is not a job type this host can schedule."] });
        }

        if (StartTimeErrors(request) is { Count: > 0 } startTime)
        {
            return (null, startTime);
        }

        object? body;
        try
        {
            body = request.Deserialize(check.RequestType, Strict);
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (null, new() { [path] = [ex.Message.Split(" Path:")[0]] });
        }

        if (body is null)
        {
            return (null, new() { ["body"] = ["must be a JSON object."] });
        }

        var verdict = await check.Validate(new JobRequestContext(services, client), body, cancellationToken);
        return verdict.Errors.Count > 0 ? (null, verdict.Errors) : (verdict.Request, verdict.Errors);
    }

    /// <summary>
    /// A run starts at its occurrence. A start time stored in the request would hold every run back
    /// to one fixed <c>runAt</c>, or be dropped (<c>delaySeconds</c>), so it is refused instead,
    /// when the schedule is saved and, for one stored before this check, at each occurrence.
    /// </summary>
    private static Dictionary<string, string[]> StartTimeErrors(JsonElement request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.ValueKind != JsonValueKind.Object)
        {
            return errors;
        }

        foreach (var property in request.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null))
        {
            foreach (var field in (string[])[DelayedStart.RunAtField, DelayedStart.DelaySecondsField])
            {
                if (string.Equals(property.Name, field, StringComparison.OrdinalIgnoreCase))
                {
                    errors[field] = ["cannot be part of a schedule's request: each run starts at its occurrence. Leave it out (the cron says when)."];
                }
            }
        }

        return errors;
    }

    private string? CronProblem(Cronos.CronExpression expression, TimeZoneInfo zone, DateTimeOffset now)
    {
        var occurrences = expression.GetOccurrences(now, now.AddYears(5), zone).Take(50).ToList();
        if (occurrences.Count == 0)
        {
            return "never fires.";
        }

        var min = options.Value.MinInterval;
        for (var i = 1; i < occurrences.Count; i++)
        {
            if (occurrences[i] - occurrences[i - 1] < min)
            {
                return $"fires more often than every {min} (Schedules:MinInterval).";
            }
        }

        return null;
    }
}
