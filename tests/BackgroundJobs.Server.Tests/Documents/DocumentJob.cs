using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackgroundJobs.Server.Tests.Documents;

/// <summary>Starts a document job over HTTP, follows it to the end and reads its job view and result files.</summary>
internal sealed class DocumentJob
{
    private DocumentJob(string id, JsonElement status, JsonElement view)
    {
        Id = id;
        Status = status;
        View = view;
    }

    public string Id { get; }

    /// <summary>The Durable Functions status document at the end.</summary>
    public JsonElement Status { get; }

    /// <summary><c>GET /api/jobs/{id}</c> at the end.</summary>
    public JsonElement View { get; }

    public string RuntimeStatus => Status.GetProperty("runtimeStatus").GetString()!;

    public JsonElement Result => View.GetProperty("result");

    public string ErrorMessage => View.GetProperty("error").GetProperty("message").GetString()!;

    public static async Task<DocumentJob> RunAsync(ServerHost server, byte[] file, string contentType, object? operations = null, TimeSpan? timeout = null)
    {
        var blob = await server.UploadAsync(file, contentType);
        using var start = await server.PostJsonAsync("/api/jobs/documents", operations is null ? new { blob } : new { blob, operations });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("documents", accepted.GetProperty("type").GetString());
        var status = await server.FollowStatusAsync(start.Headers.Location!, timeout ?? TimeSpan.FromSeconds(60));
        var id = accepted.GetProperty("id").GetString()!;
        var view = await server.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        return new DocumentJob(id, status, view);
    }

    /// <summary>The download URL the job view gives for the result file whose name ends so.</summary>
    public Uri LinkTo(string nameEnding)
    {
        var file = View.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString()!.EndsWith(nameEnding, StringComparison.Ordinal));
        return new Uri(file.GetProperty("url").GetString()!);
    }
}
