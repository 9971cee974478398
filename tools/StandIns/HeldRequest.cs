using BackgroundJobs.StandIns;
namespace BackgroundJobs.StandIns;

/// <summary>
/// A <c>mail/send</c> request the <see cref="SendGridStandIn"/> holds after reading it, so a test can
/// act (kill the sending server) while the request is in flight, then decide whether SendGrid took it.
/// </summary>
public sealed class HeldRequest
{
    private readonly TaskCompletionSource<string?> reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal HeldRequest(int afterAcceptedRequests) => AfterAcceptedRequests = afterAcceptedRequests;

    internal int AfterAcceptedRequests { get; }

    /// <summary>Completes with the held request's <c>custom_args.batchId</c> once it has been read.</summary>
    public Task<string?> Reached => reached.Task;

    internal Task<bool> Decision => decision.Task;

    /// <param name="providerTakesIt">True: recorded as accepted (SendGrid had the whole request); false: dropped, nothing recorded.</param>
    public void Release(bool providerTakesIt) => decision.TrySetResult(providerTakesIt);

    internal void Reach(string? batchId) => reached.TrySetResult(batchId);
}
