using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Server.Tests.Telemetry;

/// <summary>A logger provider that keeps each entry's event id with the <c>JobId</c> of the scopes around it.</summary>
public sealed class ScopedLogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly Lock gate = new();
    private readonly List<(EventId Id, string Category, string? JobId)> entries = [];
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<(EventId Id, string Category, string? JobId)> Entries
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

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Add(EventId id, string category)
    {
        string? jobId = null;
        scopes.ForEachScope(
            (scope, _) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> pairs && pairs.FirstOrDefault(p => p.Key == "JobId").Value is string value)
                {
                    jobId = value;
                }
            },
            (object?)null);
        lock (gate)
        {
            entries.Add((id, category, jobId));
        }
    }

    private sealed class Logger(ScopedLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(eventId, category);
    }
}
