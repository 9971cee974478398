namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>
/// The call got an answer that another attempt would not change (a 4xx, a redirect, a refused
/// address): the retry handler does not retry this type, so the job fails at once with the message.
/// </summary>
public sealed class HttpCallFailedException : Exception
{
    public HttpCallFailedException()
    {
    }

    public HttpCallFailedException(string message)
        : base(message)
    {
    }

    public HttpCallFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
