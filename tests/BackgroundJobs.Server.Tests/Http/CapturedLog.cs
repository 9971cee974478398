using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Server.Tests.Http;

public sealed record CapturedLog(LogLevel Level, string Category, EventId Id, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{Id.Id}] {Message}{(Exception is null ? string.Empty : " " + Exception.GetType().Name)}";
}
