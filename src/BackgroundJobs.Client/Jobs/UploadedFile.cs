namespace BackgroundJobs.Client.Jobs;

/// <summary>An uploaded file: pass <see cref="Name"/> to a job (e.g. <c>recipientsBlob</c>, <c>blob</c>).</summary>
public sealed record UploadedFile(string Name, long Size, string ContentType);
