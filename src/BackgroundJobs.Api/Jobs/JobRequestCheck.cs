namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// A type's request validator, by type name, for requests that do not come through its start route
/// (a schedule's stored request): <c>AddJobType</c> registers one for each type it adds with a validator.
/// </summary>
/// <param name="Validate">Returns the errors by JSON path of the field; empty when the request may start.</param>
public sealed record JobRequestCheck(string JobType, Type RequestType, Func<IServiceProvider, object, CancellationToken, Task<Dictionary<string, string[]>>> Validate);
