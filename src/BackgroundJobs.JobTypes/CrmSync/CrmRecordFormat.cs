namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>The two file formats a sync reads, told apart by the upload's extension (which the upload endpoint sets from its content type).</summary>
public enum CrmRecordFormat
{
    Csv,
    JsonLines,
}
