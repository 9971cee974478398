using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// What a job will do with its file once the type is known: the requested operations (or the
/// type's default) checked against the type, with defaults filled in. Pure, so the orchestrator
/// can decide it during replay.
/// </summary>
public sealed record DocumentWork(int? PagesPerActivity, IReadOnlyList<int>? Widths)
{
    public static DocumentWork For(DocumentKind kind, IReadOnlyList<DocumentOperation>? operations)
    {
        operations ??= [new DocumentOperation { Type = kind.IsImage() ? DocumentOperationTypes.Resize : DocumentOperationTypes.ExtractText }];
        int? pagesPerActivity = null;
        IReadOnlyList<int>? widths = null;
        foreach (var operation in operations)
        {
            switch (operation.Type)
            {
                case DocumentOperationTypes.ExtractText when kind == DocumentKind.Pdf:
                    pagesPerActivity = operation.PagesPerActivity ?? DocumentLimits.DefaultPagesPerActivity;
                    break;
                case DocumentOperationTypes.Resize when kind.IsImage():
                    widths = (operation.Widths ?? DocumentLimits.DefaultWidths).Distinct().Order().ToList();
                    break;
                default:
                    throw new InvalidJobInputException($"The operation '{operation.Type}' does not apply to a {kind} file: extractText needs a PDF, resize a PNG, JPEG or WebP image.");
            }
        }

        return new DocumentWork(pagesPerActivity, widths);
    }
}
