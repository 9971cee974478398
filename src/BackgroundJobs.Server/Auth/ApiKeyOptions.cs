namespace BackgroundJobs.Server.Auth;

public sealed class ApiKeyOptions
{
    public const string SectionName = "Auth";

    /// <summary>Keys accepted in <c>x-functions-key</c> (or the <c>code</c> query), as Azure Functions keys work. Several allow rotation.</summary>
    public IList<string> ApiKeys { get; } = [];
}
