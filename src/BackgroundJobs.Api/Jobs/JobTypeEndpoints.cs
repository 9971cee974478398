using System.Text.Json.Schema;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// <c>POST /api/jobs/{type}</c> for every type this host registered, and <c>GET /api/job-types</c>,
/// which lists them with the JSON Schema of their request. A type the process knows but this host did
/// not register is unknown here, as it is to this host's engine.
/// </summary>
public sealed class JobTypeEndpoints
{
    private readonly Dictionary<string, JobStartHandler> starts;
    private readonly IReadOnlyList<JobTypeInfo> types;

    public JobTypeEndpoints(IEnumerable<JobTypeRegistration> registrations, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        var distinct = registrations.DistinctBy(r => r.Descriptor.Name, StringComparer.Ordinal).ToList();
        starts = distinct.ToDictionary(r => r.Descriptor.Name, r => r.Start(services), StringComparer.Ordinal);

        // The schema follows the rules requests are read with (camelCase, enums as strings), so it is built from JobJson's options.
        types = distinct
            .Select(r => new JobTypeInfo(r.Descriptor.Name, JsonSchemaExporter.GetJsonSchemaAsNode(JobJson.Options, r.Descriptor.RequestType), r.Descriptor.Limits))
            .ToList();
    }

    public IReadOnlyCollection<string> Names => starts.Keys;

    public Task<IResult> StartAsync(string type, HttpRequest request, DurableTaskClient client, ManagementLinkFactory links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        return starts.TryGetValue(type, out var start)
            ? start(request, client, links, cancellationToken)
            : Task.FromResult(Problems.Field("type", $"no job type '{type}'; the known types are {string.Join(", ", starts.Keys)}.", StatusCodes.Status404NotFound, "Not found."));
    }

    public IResult List() => Results.Ok(types);
}
