using System.Net;
using System.Text.Json;

namespace BackgroundJobs.Server.Tests.Notifications;

/// <summary>Reads <c>GET /api/jobs/{id}/events</c> as a browser's EventSource would: <c>event:</c>, <c>id:</c> and <c>data:</c> fields until the server closes the stream.</summary>
internal static class JobEventStreamReader
{
    public static async Task<List<StreamedEvent>> ReadAsync(ServerHost server, string id, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var response = await server.Http.GetAsync(new Uri($"/api/jobs/{id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var events = new List<StreamedEvent>();
        string? type = null, eventId = null, data = null;
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    events.Add(new StreamedEvent(type ?? "message", eventId ?? string.Empty, JsonDocument.Parse(data).RootElement.Clone()));
                }

                (type, eventId, data) = (null, null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                eventId = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        return events;
    }
}

internal sealed record StreamedEvent(string Type, string Id, JsonElement Data);
