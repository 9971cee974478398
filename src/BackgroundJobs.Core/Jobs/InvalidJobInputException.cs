namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// The job's input cannot be processed (for example an uploaded file without the required column).
/// Retrying cannot help, so retry handlers give up at once and the job fails with this message.
/// </summary>
public sealed class InvalidJobInputException : Exception
{
    public InvalidJobInputException()
    {
    }

    public InvalidJobInputException(string message)
        : base(message)
    {
    }

    public InvalidJobInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
