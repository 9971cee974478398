namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>
/// A completed http-call: the status that ended it and where the whole answer is stored
/// (<see cref="HttpCallAnswer"/>, downloaded through the job's <c>files</c>).
/// </summary>
/// <param name="BodyBytes">Bytes of the body stored (after any cut).</param>
public sealed record HttpCallResult(int Status, long BodyBytes, bool BodyTruncated, string AnswerBlob)
{
    public IReadOnlyList<string> Files => [AnswerBlob];
}
