using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>Where an http-call keeps what it stores: under the job's results, so the job view links it and a purge removes it.</summary>
public static class HttpCallBlobNames
{
    public static string Answer(JobRun run) => $"{BlobNames.RunResultsPrefix(run)}answer.json";
}
