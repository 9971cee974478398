using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// The one registration line that adds a job type to a host: it gets the start route and schedules,
/// and, through <see cref="JobTypeRegistry"/>, status, list, cancel, retry, purge, the monitor and notifications.
/// Every type is started the same way: read the body strictly, validate it, start it with <see cref="JobStarter"/>.
/// </summary>
public static class JobTypeServiceCollectionExtensions
{
    /// <summary>Adds a type whose validator needs only the request and the host's services.</summary>
    /// <param name="validate">Returns the errors by JSON path of the field; empty when the request may start.</param>
    public static IServiceCollection AddJobType<TRequest>(
        this IServiceCollection services,
        JobTypeDescriptor descriptor,
        Func<IServiceProvider, TRequest, CancellationToken, Task<Dictionary<string, string[]>>> validate)
        where TRequest : class, IJobRequest
    {
        ArgumentNullException.ThrowIfNull(validate);
        return services.AddJobType<TRequest>(descriptor, async (context, request, token) => JobRequestVerdict.Of(request, await validate(context.Services, request, token)));
    }

    /// <summary>
    /// Adds a type whose validator reads the engine (a request that names another job) or completes the
    /// request before it starts. The same validator checks a schedule's request when it is saved and at each run.
    /// </summary>
    public static IServiceCollection AddJobType<TRequest>(
        this IServiceCollection services,
        JobTypeDescriptor descriptor,
        Func<JobRequestContext, TRequest, CancellationToken, Task<JobRequestVerdict<TRequest>>> validate)
        where TRequest : class, IJobRequest
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(validate);
        if (descriptor.RequestType != typeof(TRequest))
        {
            throw new ArgumentException($"Job type '{descriptor.Name}' takes {descriptor.RequestType.Name}, not {typeof(TRequest).Name}.", nameof(validate));
        }

        services.AddSingleton(new JobRequestCheck(descriptor.Name, typeof(TRequest), async (context, request, token) =>
        {
            var verdict = await validate(context, (TRequest)request, token);
            return new JobRequestVerdict<object>(verdict.Request, verdict.Errors, verdict.Status);
        }));
        JobTypeRegistry.Add(descriptor);
        services.AddSingleton(new JobTypeRegistration(descriptor, provider =>
        {
            var starter = provider.GetRequiredService<JobStarter>();
            return (request, client, links, cancellationToken) => starter.ReadValidateAndStartAsync<TRequest>(
                request, client, links, descriptor.Name, (body, token) => validate(new JobRequestContext(provider, client), body, token), cancellationToken);
        }));
        services.TryAddSingleton<JobTypeEndpoints>();
        return services;
    }
}
