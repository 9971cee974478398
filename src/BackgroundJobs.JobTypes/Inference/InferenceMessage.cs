namespace BackgroundJobs.JobTypes.Inference;

/// <summary>One chat message: <c>system</c>, <c>user</c> or <c>assistant</c>, and its text.</summary>
public sealed record InferenceMessage(string Role, string Content)
{
    public static readonly IReadOnlyList<string> Roles = ["system", "user", "assistant"];
}
