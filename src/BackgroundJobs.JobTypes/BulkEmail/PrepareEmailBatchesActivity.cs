using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// Turns the job's recipients (inline or an uploaded CSV) into batch blobs: duplicates dropped
/// case-insensitively, rows that break <see cref="RecipientRules"/> set aside with their row and reason. Only counts go back into the
/// orchestration's history. Running it twice writes the same blobs.
/// </summary>
public sealed class PrepareEmailBatchesActivity(IBlobStore blobs) : TaskActivity<PrepareEmailBatchesInput, EmailBatchPlan>
{
    public override async Task<EmailBatchPlan> RunAsync(TaskActivityContext context, PrepareEmailBatchesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = input.Run;
        var request = input.Request.RequestBlob is { } stored
            ? await blobs.ReadJsonAsync<BulkEmailRequest>(stored) ?? throw new InvalidJobInputException($"The job's request '{stored}' is gone.")
            : input.Request;
        var batchSize = request.BatchSize ?? BulkEmailLimits.DefaultBatchSize;

        await blobs.WriteJsonAsync(BlobNames.EmailMessage(run), request.ToMessage());

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var invalid = new List<InvalidRecipient>();
        var batch = new List<EmailRecipient>(batchSize);
        var batchCount = 0;
        var recipients = 0;
        var duplicates = 0;
        await using var writes = new BatchWrites(blobs, run);

        await foreach (var (row, recipient) in ReadRecipientsAsync(request))
        {
            var email = recipient.Email.Trim();
            if (RecipientRules.Check(recipient with { Email = email }) is { } problem)
            {
                invalid.Add(new InvalidRecipient(row, recipient.Email, $"{problem.Field} {problem.Message}"));
                continue;
            }

            if (!seen.Add(email))
            {
                duplicates++;
                continue;
            }

            batch.Add(recipient with { Email = email });
            recipients++;
            if (batch.Count == batchSize)
            {
                await writes.AddAsync(batchCount++, batch);
                batch = new List<EmailRecipient>(batchSize);
            }
        }

        if (batch.Count > 0)
        {
            await writes.AddAsync(batchCount++, batch);
        }

        await writes.FinishAsync();

        if (invalid.Count > 0)
        {
            await blobs.WriteJsonAsync(BlobNames.InvalidRecipients(run), invalid);
        }

        return new EmailBatchPlan(batchCount, batchSize, recipients, duplicates, invalid.Count);
    }

    /// <summary>
    /// Batch blobs are serialized and written on the thread pool while the next rows are read, a few
    /// at a time: reading and checking rows is one thread's work, and a large file would otherwise
    /// leave every other core idle until it is done (the first batch cannot be sent before).
    /// </summary>
    private sealed class BatchWrites(IBlobStore blobs, JobRun run) : IAsyncDisposable
    {
        private const int InFlight = 4;

        private readonly Queue<Task> pending = new();

        public async Task AddAsync(int index, List<EmailRecipient> batch)
        {
            if (pending.Count >= InFlight)
            {
                await pending.Dequeue();
            }

            pending.Enqueue(Task.Run(() => blobs.WriteJsonAsync(BlobNames.EmailBatch(run, index), batch)));
        }

        public async Task FinishAsync()
        {
            while (pending.TryDequeue(out var write))
            {
                await write;
            }
        }

        // When reading fails, the writes already started are waited for (their failures are the
        // reading's consequence and go unreported), so none outlives the activity.
        public async ValueTask DisposeAsync()
        {
            if (pending.Count > 0)
            {
                await Task.WhenAll(pending).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    private async IAsyncEnumerable<(int Row, EmailRecipient Recipient)> ReadRecipientsAsync(BulkEmailRequest request)
    {
        if (request.Recipients is { } inline)
        {
            for (var i = 0; i < inline.Count; i++)
            {
                yield return (i + 1, inline[i]);
            }

            yield break;
        }

        var name = request.RecipientsBlob ?? throw new InvalidJobInputException("The job has neither recipients nor recipientsBlob.");
        await using var csv = await blobs.OpenReadAsync(name)
            ?? throw new InvalidJobInputException($"The recipients file '{name}' does not exist.");
        await foreach (var item in RecipientCsv.ReadAsync(csv))
        {
            yield return item;
        }
    }
}
