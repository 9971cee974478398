namespace BackgroundJobs.Api.Alerts;

/// <summary>One raised alert, as it is sent to the operators' webhook (in a versioned envelope) and e-mail.</summary>
/// <param name="Condition"><c>failures</c> or <c>pending-age</c>.</param>
/// <param name="Value">The figure that crossed the limit: failed jobs, or the oldest pending age in seconds.</param>
public sealed record Alert(string Condition, string Message, double Value, double Limit, DateTimeOffset At, string Id);
