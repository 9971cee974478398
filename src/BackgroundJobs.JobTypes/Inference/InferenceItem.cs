namespace BackgroundJobs.JobTypes.Inference;

/// <summary>One line read as an item: the request to send, or why the line is no item.</summary>
public sealed record InferenceItem(string? Id, InferenceCall? Call, string? Error)
{
    public static InferenceItem Invalid(string? id, string error) => new(id, null, error);
}
