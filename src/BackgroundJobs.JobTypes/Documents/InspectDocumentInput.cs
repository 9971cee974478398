namespace BackgroundJobs.JobTypes.Documents;

public sealed record InspectDocumentInput(string Blob);
