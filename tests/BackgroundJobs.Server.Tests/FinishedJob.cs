using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackgroundJobs.Server.Tests;

/// <summary>
/// A job started over HTTP and followed to its end: its Durable Functions status document and its
/// job view. Each job type's test helper adds what it reads from the result.
/// </summary>
public abstract class FinishedJob
{
    protected FinishedJob(FinishedJob finished)
        : this(finished.Id, finished.Status, finished.View)
    {
    }

    private FinishedJob(string id, JsonElement status, JsonElement view)
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

    /// <summary>The download URL the job view gives for the result file whose name ends so.</summary>
    public Uri LinkTo(string nameEnding)
    {
        var file = View.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString()!.EndsWith(nameEnding, StringComparison.Ordinal));
        return new Uri(file.GetProperty("url").GetString()!);
    }

    /// <summary>Posts the start, expects <c>202</c> for <paramref name="jobType"/>, follows the status URL to the end and reads the job view.</summary>
    public static async Task<FinishedJob> StartAndFollowAsync(ServerHost server, string path, object body, string jobType, TimeSpan timeout)
    {
        using var start = await server.PostJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(jobType, accepted.GetProperty("type").GetString());
        var status = await server.FollowStatusAsync(start.Headers.Location!, timeout);
        var id = accepted.GetProperty("id").GetString()!;
        var view = await server.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        return new Started(id, status, view);
    }

    private sealed class Started(string id, JsonElement status, JsonElement view) : FinishedJob(id, status, view);
}
