namespace BackgroundJobs.Api.Uploads;

/// <summary>The answer to an upload: pass <see cref="Name"/> to a job (e.g. <c>recipientsBlob</c>).</summary>
public sealed record UploadedFile(string Name, long Size, string ContentType);
