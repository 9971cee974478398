using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Server.Tests.Http;

/// <summary>Keeps each log entry's level, category, event and whether it carried an exception (a stack trace in the log).</summary>
public sealed class LogLevelCapture : ILoggerProvider
{
    private readonly Lock gate = new();
    private readonly List<CapturedLog> entries = [];

    public IReadOnlyList<CapturedLog> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(CapturedLog entry)
    {
        lock (gate)
        {
            entries.Add(entry);
        }
    }

    private sealed class Logger(LogLevelCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new CapturedLog(logLevel, category, eventId, formatter(state, exception), exception));
    }
}
