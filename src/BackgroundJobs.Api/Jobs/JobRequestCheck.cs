namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// A type's request validator, by type name, for requests that do not come through its start route
/// (a schedule's stored request): <c>AddJobType</c> registers one for each type it adds.
/// </summary>
/// <param name="Validate">Returns the request to start, or the errors by JSON path of the field.</param>
public sealed record JobRequestCheck(string JobType, Type RequestType, Func<JobRequestContext, object, CancellationToken, Task<JobRequestVerdict<object>>> Validate);
