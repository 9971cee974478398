namespace BackgroundJobs.JobTypes.Documents;

/// <summary>What the job learned about its file before any work was planned.</summary>
public sealed record DocumentInspection(DocumentKind Kind, int? Pages = null, string? Title = null, string? Author = null, int? Width = null, int? Height = null);
