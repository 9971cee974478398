namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>Which request headers a client may set, and where each one goes on the wire.</summary>
public static class HttpCallHeaders
{
    /// <summary>
    /// Set by the HTTP client from the URL and the body, or hop-by-hop: a client's value would
    /// contradict the real request (smuggling a second one) or the connection the server manages.
    /// </summary>
    private static readonly HashSet<string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer",
        "Expect", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate",
    };

    /// <summary>Credentials: accepted only in <c>secretHeaders</c>, so they are never shown back.</summary>
    private static readonly HashSet<string> Credentials = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie",
    };

    /// <summary>Headers of the body rather than of the request; they need a body to go with.</summary>
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Encoding", "Content-Language", "Content-Disposition", "Content-Location", "Content-MD5", "Content-Range",
    };

    public static bool IsContentHeader(string name) => ContentHeaders.Contains(name);

    /// <summary>Why a header may not be sent as named, or null when it may.</summary>
    /// <param name="secret">Whether it came in <c>secretHeaders</c>.</param>
    public static string? Refusal(string name, string? value, bool secret, bool hasBody)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 256 || !name.All(IsTokenChar))
        {
            return "is not a valid header name (letters, digits and !#$%&'*+-.^_`|~).";
        }

        if (Refused.Contains(name))
        {
            return "is set by the HTTP client itself and cannot be given.";
        }

        if (!secret && Credentials.Contains(name))
        {
            return "carries a credential: put it in secretHeaders, which is never shown back or logged.";
        }

        if (!hasBody && IsContentHeader(name))
        {
            return "describes a body, and this request has none.";
        }

        if (value is null || value.Length > HttpCallLimits.MaxHeaderValueChars || value.Any(c => c is not ('\t' or (>= ' ' and <= '~'))))
        {
            return $"must be at most {HttpCallLimits.MaxHeaderValueChars} printable ASCII characters (no line breaks).";
        }

        return null;
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
