namespace BackgroundJobs.JobTypes.Inference;

/// <summary>Items answered and failed and the tokens used, for one chunk or added up for the job.</summary>
public sealed record InferenceCounts(int Items, int Succeeded, int Failed, InferenceUsage Usage)
{
    public static InferenceCounts Zero { get; } = new(0, 0, 0, InferenceUsage.Zero);

    public InferenceCounts Add(InferenceCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Items + other.Items, Succeeded + other.Succeeded, Failed + other.Failed, Usage.Add(other.Usage));
    }
}
