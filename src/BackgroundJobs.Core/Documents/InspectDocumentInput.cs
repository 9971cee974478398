namespace BackgroundJobs.Core.Documents;

public sealed record InspectDocumentInput(string Blob);
