using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BackgroundJobs.Infra.Tests;

/// <summary>
/// A compiled ARM template, modules included: each module is a nested deployment whose template
/// sits inside it. Resources are listed flat, each with the template it came from.
/// </summary>
public sealed partial class ArmTemplate(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public JsonObject Outputs => Root["outputs"]!.AsObject();

    public JsonObject Parameters => Root["parameters"]!.AsObject();

    public IReadOnlyList<ArmResource> Resources { get; } = Flatten(root, deployment: null).ToList();

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase) && !r.IsExisting);

    public ArmResource Single(string type) => Assert.Single(OfType(type));

    /// <summary>
    /// The Function App's settings, name to value expression. The appsettings resource is a union of
    /// objects passed as module parameters and declared as variables; each is looked up.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppSettings()
    {
        var config = Assert.Single(OfType("Microsoft.Web/sites/config"), r => r.Name.Contains("appsettings", StringComparison.Ordinal));
        var expression = config.Resource["properties"]!.GetValue<string>();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match reference in ObjectReference().Matches(expression))
        {
            var name = reference.Groups["name"].Value;
            var source = reference.Groups["kind"].Value == "parameters"
                ? config.Deployment!["properties"]!["parameters"]![name]!["value"]
                : config.Template["variables"]![name];
            foreach (var (key, value) in source!.AsObject())
            {
                settings.Add(key, value!.GetValue<string>());
            }
        }

        return settings;
    }

    private static IEnumerable<ArmResource> Flatten(JsonObject template, JsonObject? deployment)
    {
        // languageVersion 2.0 keys resources by symbolic name; 1.0 lists them.
        var resources = template["resources"] switch
        {
            JsonArray list => list.Select(r => r!.AsObject()),
            JsonObject named => named.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return new ArmResource(resource, template, deployment);
            if (resource["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
            {
                foreach (var inner in Flatten(nested, resource))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"(?<kind>parameters|variables)\('(?<name>[A-Za-z0-9_]+)'\)")]
    private static partial Regex ObjectReference();
}
