using System.Globalization;
using System.Text;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// Where a page of <c>GET /api/jobs</c> ended: the creation time and id of its last job. The next
/// page holds the jobs strictly after it in the list's order (newest first, then id descending).
/// Opaque to clients (base64url), so its shape may change.
/// </summary>
public sealed record JobListCursor(DateTimeOffset CreatedAt, string Id)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.UtcTicks}|{Id}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static JobListCursor? TryDecode(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length is 0 or > 400)
        {
            return null;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var length))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var separator = text.IndexOf('|', StringComparison.Ordinal);
        return separator > 0
            && long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks >= DateTimeOffset.UnixEpoch.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && separator < text.Length - 1
            ? new JobListCursor(new DateTimeOffset(ticks, TimeSpan.Zero), text[(separator + 1)..])
            : null;
    }

    /// <summary>True when the job comes after this cursor in the list's order.</summary>
    public bool IsBefore(DateTimeOffset createdAt, string id) =>
        createdAt < CreatedAt || (createdAt == CreatedAt && string.CompareOrdinal(id, Id) < 0);
}
