using System.Text.Json;

namespace BackgroundJobs.Api.Schedules;

/// <summary>
/// A schedule a job type puts in place at start-up from its own settings (<see cref="IScheduleSeed"/>):
/// UTC, <c>overlap: skip</c>, <c>catchUp: none</c>. Its runs are named <c>schedule-{Name}-{yyyyMMddTHHmmssZ}</c>
/// like any schedule's.
/// </summary>
/// <param name="Cron">Cronos syntax, 5 fields (minutes first) or 6 (seconds first), read in UTC.</param>
/// <param name="Request">The body each run starts with. Not checked when seeded: what it names may not exist yet; a run it cannot start records refused.</param>
public sealed record ScheduleSeed(string Name, string Cron, string JobType, JsonElement Request);
