using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// The one registration line that adds a job type to a host: it gets the start route, and, through
/// <see cref="JobTypeRegistry"/>, status, list, cancel, retry, purge, the monitor and notifications.
/// </summary>
public static class JobTypeServiceCollectionExtensions
{
    /// <summary>Adds a type whose start is the usual one: read the body strictly, validate it, start it with <see cref="JobStarter"/>.</summary>
    /// <param name="validate">Returns the errors by JSON path of the field; empty when the request may start.</param>
    public static IServiceCollection AddJobType<TRequest>(
        this IServiceCollection services,
        JobTypeDescriptor descriptor,
        Func<IServiceProvider, TRequest, CancellationToken, Task<Dictionary<string, string[]>>> validate)
        where TRequest : class, IJobRequest
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(validate);
        if (descriptor.RequestType != typeof(TRequest))
        {
            throw new ArgumentException($"Job type '{descriptor.Name}' takes {descriptor.RequestType.Name}, not {typeof(TRequest).Name}.", nameof(validate));
        }

        services.AddSingleton(new JobRequestCheck(descriptor.Name, typeof(TRequest), (provider, request, token) => validate(provider, (TRequest)request, token)));
        return services.AddJobType(descriptor, provider =>
        {
            var starter = provider.GetRequiredService<JobStarter>();
            return (request, client, links, cancellationToken) => starter.ReadValidateAndStartAsync<TRequest>(
                request, client, links, descriptor.Name, (body, token) => validate(provider, body, token), cancellationToken);
        });
    }

    /// <summary>Adds a type whose start handler is its own (one that validates against the engine, for example).</summary>
    public static IServiceCollection AddJobType(this IServiceCollection services, JobTypeDescriptor descriptor, Func<IServiceProvider, JobStartHandler> start)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(start);
        JobTypeRegistry.Add(descriptor);
        services.AddSingleton(new JobTypeRegistration(descriptor, start));
        services.TryAddSingleton<JobTypeEndpoints>();
        return services;
    }
}
