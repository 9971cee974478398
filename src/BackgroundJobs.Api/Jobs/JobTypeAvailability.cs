using BackgroundJobs.Core.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Whether this host has every setting a job type declares it needs (<see cref="JobTypeDescriptor.RequiredSettings"/>).
/// A job that cannot run here is refused at the door with <c>503</c>: the request may be fine, the
/// host is not configured for it, and accepting it would only end in a job whose every item fails.
/// Read on each call, so a setting added to a reloadable source counts at once.
/// </summary>
public sealed class JobTypeAvailability(IConfiguration configuration)
{
    public const string RefusalTitle = "This job type is not configured on this host.";

    /// <summary>The type's required settings this host has not set (empty or blank counts as not set), in declared order.</summary>
    public IReadOnlyList<string> MissingSettings(JobTypeDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return descriptor.RequiredSettings.Where(key => string.IsNullOrWhiteSpace(configuration[key])).ToList();
    }

    /// <summary>
    /// A <c>503</c> problem naming each missing setting under <c>errors</c>, or null when the type can
    /// run here (an unregistered type is not this check's business: its caller answers for it).
    /// </summary>
    public IResult? Refusal(string jobType)
    {
        var descriptor = JobTypeRegistry.Find(jobType);
        var missing = descriptor is null ? [] : MissingSettings(descriptor);
        if (missing.Count == 0)
        {
            return null;
        }

        var errors = missing.ToDictionary(
            key => key,
            key => new[] { $"is not set on this host, and a {jobType} job cannot run without it; the operator sets it (see docs/settings.md)." },
            StringComparer.Ordinal);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: RefusalTitle,
            detail: $"{jobType} needs {string.Join(", ", missing)}; nothing was started.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }
}
