namespace BackgroundJobs.Functions.Tests.Metadata;

/// <summary>An HTTP function as the host sees it: name, entry point, route, methods and key level.</summary>
internal sealed record HttpTriggerDescription(string Name, string EntryPoint, string? Route, IReadOnlyList<string> Methods, string AuthLevel)
{
    public override string ToString() => $"{Name} {string.Join(',', Methods)} {Route} ({AuthLevel}) -> {EntryPoint}";

    public bool Matches(HttpTriggerDescription other) =>
        Name == other.Name
        && EntryPoint == other.EntryPoint
        && Route == other.Route
        && AuthLevel == other.AuthLevel
        && Methods.Order(StringComparer.Ordinal).SequenceEqual(other.Methods.Order(StringComparer.Ordinal));
}
