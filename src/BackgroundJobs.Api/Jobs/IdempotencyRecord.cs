namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// What an <c>Idempotency-Key</c> was first used for, stored once at <c>idempotency/{instanceId}.json</c>.
/// Created atomically before the job is scheduled, so that of concurrent requests with one key exactly
/// one decides what the key means.
/// </summary>
/// <param name="InstanceId">The job started for the key.</param>
/// <param name="JobType">The public job type, such as <c>bulk-email</c>.</param>
/// <param name="InputSha256">The SHA-256 (lowercase hex) of the job's input serialized with <c>JobJson.Options</c>.</param>
public sealed record IdempotencyRecord(string InstanceId, string JobType, string InputSha256);
