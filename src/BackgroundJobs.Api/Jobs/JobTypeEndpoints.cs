using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Jobs;
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
    private readonly IReadOnlyList<(JobTypeDescriptor Descriptor, JsonNode Schema)> types;
    private readonly JobTypeAvailability availability;

    public JobTypeEndpoints(IEnumerable<JobTypeRegistration> registrations, IServiceProvider services, JobTypeAvailability availability)
    {
        this.availability = availability;
        ArgumentNullException.ThrowIfNull(registrations);
        var distinct = registrations.DistinctBy(r => r.Descriptor.Name, StringComparer.Ordinal).ToList();
        starts = distinct.ToDictionary(r => r.Descriptor.Name, r => r.Start(services), StringComparer.Ordinal);

        // The schema follows the rules requests are read with (camelCase, enums as strings), so it is built from JobJson's options.
        types = distinct
            .Select(r => (r.Descriptor, JsonSchemaExporter.GetJsonSchemaAsNode(JobJson.Options, r.Descriptor.RequestType)))
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

    /// <summary>The types with whether each can run on this host now: settings are read on every call.</summary>
    public IResult List() => Results.Ok(types.Select(t =>
    {
        var missing = availability.MissingSettings(t.Descriptor);
        return new JobTypeInfo(t.Descriptor.Name, t.Schema, t.Descriptor.Limits, t.Descriptor.RequiredSettings, missing.Count == 0, missing);
    }).ToList());
}
