using System.Globalization;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>Fails a bulk e-mail job in which no recipient was sent; the message carries the counts and where the not-sent list is.</summary>
public sealed class BulkEmailFailedException : Exception
{
    public BulkEmailFailedException()
    {
    }

    public BulkEmailFailedException(string message)
        : base(message)
    {
    }

    public BulkEmailFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BulkEmailFailedException(BulkEmailResult result)
        : base(Describe(result))
    {
    }

    private static string Describe(BulkEmailResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var firstReason = result.FailedBatches.Count > 0 ? $" First failure: {result.FailedBatches[0].Reason}." : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"No recipient was sent: {result.FailedBatches.Count} of {result.Batches} batches failed, {result.Invalid} addresses were invalid.{firstReason} Not sent: {result.NotSentBlob ?? "none"}.");
    }
}
