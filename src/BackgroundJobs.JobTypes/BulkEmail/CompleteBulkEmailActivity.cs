using System.Globalization;
using System.Text;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// Writes <c>results/{jobId}/{runId}/not-sent.csv</c> (every invalid address and every recipient of a
/// failed batch, with the reason) and returns the job's result. A job that sent everyone valid has
/// no such file, and its orchestrator skips this activity (<see cref="WritesNotSentFile"/>).
/// </summary>
public sealed class CompleteBulkEmailActivity(IBlobStore blobs) : TaskActivity<CompleteBulkEmailInput, BulkEmailResult>
{
    public override async Task<BulkEmailResult> RunAsync(TaskActivityContext context, CompleteBulkEmailInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string? notSentBlob = null;
        if (WritesNotSentFile(input))
        {
            notSentBlob = BlobNames.NotSentRecipients(input.Run);
            using var csv = new MemoryStream();
            await using (var writer = new StreamWriter(csv, new UTF8Encoding(false), leaveOpen: true))
            {
                await writer.WriteLineAsync("email,reason");
                foreach (var invalid in await blobs.ReadJsonAsync<List<InvalidRecipient>>(BlobNames.InvalidRecipients(input.Run)) ?? [])
                {
                    await WriteRowAsync(writer, invalid.Email, string.Create(CultureInfo.InvariantCulture, $"row {invalid.Row}: {invalid.Reason}"));
                }

                foreach (var failed in input.FailedBatches)
                {
                    var recipients = await blobs.ReadJsonAsync<List<EmailRecipient>>(BlobNames.EmailBatch(input.Run, failed.Index)) ?? [];
                    foreach (var recipient in recipients)
                    {
                        await WriteRowAsync(writer, recipient.Email, failed.Reason);
                    }
                }
            }

            csv.Position = 0;
            await blobs.WriteAsync(notSentBlob, csv, "text/csv");
        }

        return Result(input, notSentBlob);
    }

    /// <summary>Whether anyone was not sent (invalid or in a failed batch), so that there is a file to write.</summary>
    public static bool WritesNotSentFile(CompleteBulkEmailInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Plan.Invalid > 0 || input.FailedBatches.Count > 0;
    }

    /// <summary>The job's result; the orchestrator builds it itself when there is no file to write.</summary>
    public static BulkEmailResult Result(CompleteBulkEmailInput input, string? notSentBlob)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = input.Plan;
        return new BulkEmailResult(
            Recipients: plan.Recipients,
            Sent: input.Sent,
            Failed: input.Failed,
            Invalid: plan.Invalid,
            Duplicates: plan.Duplicates,
            Batches: plan.BatchCount,
            FailedBatches: input.FailedBatches,
            NotSentBlob: notSentBlob,
            RunId: input.Run.RunId);
    }

    private static Task WriteRowAsync(StreamWriter writer, string email, string reason) =>
        writer.WriteLineAsync($"{Quote(email)},{Quote(reason)}");

    // RFC 4180: quote a field that holds a comma, quote or line break, doubling inner quotes.
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
