using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Server.Auth;

/// <summary>
/// Function-level keys for the server: every <c>/api</c> and <c>/runtime</c> request needs a
/// configured key in <c>x-functions-key</c> or <c>?code=</c>, else <c>401</c>. Keys are compared
/// as hashes in fixed time, and never logged.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiKeyOptions> options, ILogger<ApiKeyMiddleware> logger)
{
    public const string HeaderName = "x-functions-key";

    private readonly byte[][] keyHashes = options.Value.ApiKeys.Where(k => !string.IsNullOrEmpty(k)).Select(Hash).ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/runtime", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var presented = context.Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            presented = context.Request.Query["code"].ToString();
        }

        if (presented.Length > 0 && IsKnown(presented))
        {
            return next(context);
        }

        Logs.ApiKeyRejected(logger, path.Value ?? string.Empty);
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized.",
            detail: $"Send a valid key in the {HeaderName} header.").ExecuteAsync(context);
    }

    private bool IsKnown(string presented)
    {
        var hash = Hash(presented);
        var match = false;
        foreach (var known in keyHashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, known);
        }

        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
