using System.Globalization;
using BackgroundJobs.Api.Notifications;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// Checks a document request before anything is started or stored. Errors are keyed by the field's
/// JSON path. Whether the file is of a type the operations suit is decided by the job, from the
/// content: that needs the file read, which is the job's work, not the request's.
/// </summary>
public sealed class DocumentRequestValidator(IBlobStore blobs, JobRequestValidator jobRequest)
{
    public async Task<Dictionary<string, string[]>> ValidateAsync(DocumentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors.TryAdd(field, [message]);

        if (string.IsNullOrEmpty(request.Blob))
        {
            Add("blob", "is required: the name returned by POST /api/uploads.");
        }
        else if (!BlobNames.IsValidUploadName(request.Blob))
        {
            Add("blob", "must be a name returned by POST /api/uploads (uploads/...).");
        }
        else if (!await blobs.ExistsAsync(request.Blob, cancellationToken))
        {
            Add("blob", $"'{request.Blob}' does not exist; upload the file with POST /api/uploads first.");
        }

        if (request.Operations is { } operations)
        {
            CheckOperations(operations, Add);
        }

        await jobRequest.ValidateAsync(request, Add, cancellationToken);
        return errors;
    }

    private static void CheckOperations(IReadOnlyList<DocumentOperation> operations, Action<string, string> add)
    {
        if (operations.Count is 0 || operations.Count > DocumentOperationTypes.All.Count)
        {
            add("operations", $"must hold 1-{DocumentOperationTypes.All.Count} operations, or be left out for the file type's default.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < operations.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"operations[{i}]");
            if (operations[i] is not { } operation)
            {
                add(at, "must be an object with a type.");
                continue;
            }

            if (operation.Type is null || !DocumentOperationTypes.All.Contains(operation.Type))
            {
                add($"{at}.type", $"must be one of: {string.Join(", ", DocumentOperationTypes.All)}.");
                continue;
            }

            if (!seen.Add(operation.Type))
            {
                add($"{at}.type", $"'{operation.Type}' is given twice.");
            }

            CheckWidths(operation, at, add);
            CheckPagesPerActivity(operation, at, add);
        }
    }

    private static void CheckWidths(DocumentOperation operation, string at, Action<string, string> add)
    {
        if (operation.Widths is not { } widths)
        {
            return;
        }

        if (operation.Type != DocumentOperationTypes.Resize)
        {
            add($"{at}.widths", "applies only to resize.");
        }
        else if (widths.Count is 0 || widths.Count > DocumentLimits.MaxWidthsPerJob)
        {
            add($"{at}.widths", $"must hold 1-{DocumentLimits.MaxWidthsPerJob} widths.");
        }
        else if (widths.Distinct().Count() != widths.Count)
        {
            add($"{at}.widths", "must not repeat a width.");
        }
        else
        {
            for (var j = 0; j < widths.Count; j++)
            {
                if (widths[j] is < DocumentLimits.MinWidth or > DocumentLimits.MaxWidth)
                {
                    add(string.Create(CultureInfo.InvariantCulture, $"{at}.widths[{j}]"), $"must be between {DocumentLimits.MinWidth} and {DocumentLimits.MaxWidth} pixels.");
                }
            }
        }
    }

    private static void CheckPagesPerActivity(DocumentOperation operation, string at, Action<string, string> add)
    {
        if (operation.PagesPerActivity is not { } pages)
        {
            return;
        }

        if (operation.Type != DocumentOperationTypes.ExtractText)
        {
            add($"{at}.pagesPerActivity", "applies only to extractText.");
        }
        else if (pages is < 1 or > DocumentLimits.MaxPagesPerActivity)
        {
            add($"{at}.pagesPerActivity", $"must be between 1 and {DocumentLimits.MaxPagesPerActivity}.");
        }
    }
}
