namespace BackgroundJobs.JobTypes.Documents;

/// <summary>
/// One resized copy. <see cref="Width"/> is at most the original's: a variant asked wider than the
/// original is written at the original size (re-encoded, never upscaled), so
/// <see cref="RequestedWidth"/> says which request it answers.
/// </summary>
public sealed record ImageVariant(int RequestedWidth, int Width, int Height, string Blob, long Bytes);
