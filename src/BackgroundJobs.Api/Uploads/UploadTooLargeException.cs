namespace BackgroundJobs.Api.Uploads;

public sealed class UploadTooLargeException : IOException
{
    public UploadTooLargeException()
        : base("The upload is larger than the limit.")
    {
    }

    public UploadTooLargeException(string message)
        : base(message)
    {
    }

    public UploadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
