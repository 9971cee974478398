namespace BackgroundJobs.Server.Tests.Client;

/// <summary>
/// Reads a <c>.http</c> file as Visual Studio and VS Code's REST Client write it: requests separated
/// by <c>###</c>, <c>@name = value</c> variables, <c># @name</c> for a request later ones refer to,
/// headers up to the first blank line, then the body. <c># expect 200 404</c> is this project's own
/// comment: the statuses the request may get.
/// </summary>
internal static class HttpFile
{
    public static List<HttpFileRequest> Parse(IEnumerable<string> lines)
    {
        var requests = new List<HttpFileRequest>();
        var blocks = new List<List<string>> { new() };
        foreach (var line in lines)
        {
            if (line.StartsWith("###", StringComparison.Ordinal))
            {
                blocks.Add([line]);
            }
            else
            {
                blocks[^1].Add(line);
            }
        }

        var variables = new List<(string, string)>();
        foreach (var block in blocks)
        {
            string? name = null;
            var expected = new List<int>();
            var headers = new List<(string, string)>();
            string? method = null;
            string? url = null;
            var body = new List<string>();
            var inBody = false;
            foreach (var line in block.Skip(block.Count > 0 && block[0].StartsWith("###", StringComparison.Ordinal) ? 1 : 0))
            {
                if (method is null)
                {
                    if (line.StartsWith("# @name ", StringComparison.Ordinal))
                    {
                        name = line["# @name ".Length..].Trim();
                    }
                    else if (line.StartsWith("# expect ", StringComparison.Ordinal))
                    {
                        expected.AddRange(line["# expect ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
                    }
                    else if (line.StartsWith('@') && line.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
                    {
                        variables.Add((line[1..equals].Trim(), line[(equals + 1)..].Trim()));
                    }
                    else if (line.Length > 0 && !line.StartsWith('#'))
                    {
                        var parts = line.Split(' ', 2);
                        (method, url) = (parts[0], parts[1].Trim());
                    }
                }
                else if (!inBody)
                {
                    if (line.Length == 0)
                    {
                        inBody = true;
                    }
                    else
                    {
                        var colon = line.IndexOf(':', StringComparison.Ordinal);
                        headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
                    }
                }
                else
                {
                    body.Add(line);
                }
            }

            if (method is not null)
            {
                var text = string.Join("\n", body).Trim();
                requests.Add(new HttpFileRequest(block[0], name, method, url!, headers, text.Length == 0 ? null : text + (text.StartsWith('<') ? string.Empty : "\n"), expected, [.. variables]));
            }
        }

        return requests;
    }
}

/// <param name="Variables">The file's variables defined above this request, in order.</param>
internal sealed record HttpFileRequest(
    string Title,
    string? Name,
    string Method,
    string Url,
    IReadOnlyList<(string Name, string Value)> Headers,
    string? Body,
    IReadOnlyList<int> Expected,
    IReadOnlyList<(string Name, string Value)> Variables);
