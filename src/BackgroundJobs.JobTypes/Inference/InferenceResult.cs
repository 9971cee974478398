namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// A finished inference job: items answered and failed, the tokens used, and the results file
/// (one line per item, in input order). <see cref="Files"/> is what <c>GET /api/jobs/{id}</c> links.
/// </summary>
public sealed record InferenceResult(string Mode, string Model, int Items, int Succeeded, int Failed, InferenceUsage Usage, int Chunks, string ResultsBlob)
{
    public IReadOnlyList<string> Files => [ResultsBlob];
}
