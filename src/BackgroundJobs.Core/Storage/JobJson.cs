using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackgroundJobs.Core.Storage;

/// <summary>
/// The JSON shape of everything the system stores or sends: camelCase, enums as strings, nulls left
/// out. Both hosts use these options for orchestration inputs and outputs too, so a job's result
/// reads the same on Functions and on the server.
/// </summary>
public static class JobJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
