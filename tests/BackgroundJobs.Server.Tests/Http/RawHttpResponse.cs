using System.Globalization;

namespace BackgroundJobs.Server.Tests.Http;

/// <summary>A response read off a socket by <see cref="RawHttpConnection"/>: status, headers (lower-case names) and body.</summary>
public sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>True once the text holds the whole head and as much body as its <c>Content-Length</c> (or chunks up to the last) says.</summary>
    public static bool TryParse(string text, out RawHttpResponse? response)
    {
        ArgumentNullException.ThrowIfNull(text);
        response = null;
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim(), StringComparer.Ordinal);
        var body = text[(end + 4)..];
        if (headers.TryGetValue("content-length", out var length))
        {
            if (body.Length < int.Parse(length, CultureInfo.InvariantCulture))
            {
                return false;
            }
        }
        else if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            if (!body.EndsWith("0\r\n\r\n", StringComparison.Ordinal))
            {
                return false;
            }

            body = Unchunk(body);
        }

        response = new RawHttpResponse(status, headers, body);
        return true;
    }

    private static string Unchunk(string chunked)
    {
        var result = new System.Text.StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = int.Parse(chunked[at..lineEnd].Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
