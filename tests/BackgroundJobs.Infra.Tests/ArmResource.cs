using System.Text.Json.Nodes;

namespace BackgroundJobs.Infra.Tests;

/// <param name="Resource">The resource as compiled.</param>
/// <param name="Template">The template that declares it: main, or a module's.</param>
/// <param name="Deployment">The module's deployment resource (its parameters), or null in main.</param>
public sealed record ArmResource(JsonObject Resource, JsonObject Template, JsonObject? Deployment)
{
    public string Type => Resource["type"]!.GetValue<string>();

    public string Name => Resource["name"]?.ToJsonString() ?? "";

    public bool IsExisting => Resource["existing"]?.GetValue<bool>() == true;

    public JsonNode Properties => Resource["properties"]!;

    /// <summary>The declaring template as text: where a module's role GUIDs and variables are.</summary>
    public string TemplateText => Template.ToJsonString();
}
