using BackgroundJobs.Server.Tests;

namespace BackgroundJobs.JobTypes.Tests.Documents;

/// <summary>Starts a document job over HTTP, follows it to the end and reads its job view and result files.</summary>
internal sealed class DocumentJob : FinishedJob
{
    private DocumentJob(FinishedJob finished)
        : base(finished)
    {
    }

    public static async Task<DocumentJob> RunAsync(ServerHost server, byte[] file, string contentType, object? operations = null, TimeSpan? timeout = null)
    {
        var blob = await server.UploadAsync(file, contentType);
        return new(await StartAndFollowAsync(server, "/api/jobs/documents", operations is null ? new { blob } : new { blob, operations }, "documents", timeout ?? TimeSpan.FromSeconds(60)));
    }
}
