using System.Globalization;
using System.Text;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// Merges every error blob of the run (found by listing, in segment and batch order) into
/// <c>results/{jobId}/{runId}/crm-errors.csv</c> and returns the summary. The CSV is spooled
/// through a temp file: a sync where every one of a million records fails must not need memory for all of them.
/// </summary>
public sealed class CompleteCrmSyncActivity(IBlobStore blobs) : TaskActivity<CompleteCrmSyncInput, CrmSyncResult>
{
    public override async Task<CrmSyncResult> RunAsync(TaskActivityContext context, CompleteCrmSyncInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var totals = input.Totals;
        string? errorsBlob = null;
        if (totals.Failed > 0)
        {
            errorsBlob = CrmBlobNames.ErrorsCsv(input.Run);
            await using var spool = new FileStream(
                Path.Combine(Path.GetTempPath(), $"backgroundjobs-{Guid.NewGuid():N}.csv"),
                FileMode.CreateNew,
                FileAccess.ReadWrite,
                FileShare.None,
                81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await using (var writer = new StreamWriter(spool, new UTF8Encoding(false), leaveOpen: true))
            {
                await writer.WriteLineAsync("line,externalId,error");
                await foreach (var name in blobs.ListAsync(CrmBlobNames.WorkPrefix(input.Run)))
                {
                    if (!name.EndsWith(CrmBlobNames.ErrorsSuffix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    foreach (var error in await blobs.ReadJsonAsync<List<CrmRecordError>>(name) ?? [])
                    {
                        await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{error.Line},{Quote(error.ExternalId ?? string.Empty)},{Quote(error.Error)}"));
                    }
                }
            }

            spool.Position = 0;
            await blobs.WriteAsync(errorsBlob, spool, "text/csv");
        }

        return new CrmSyncResult(totals.Records, totals.Created, totals.Updated, totals.Failed, input.Segments, errorsBlob);
    }

    // RFC 4180, and a leading =, +, - or @ defused, since the report is opened in spreadsheets.
    private static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@')
        {
            field = "'" + field;
        }

        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
