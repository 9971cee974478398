using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>
/// What a type's validator may use besides the request: the host's services, and the engine's client
/// for a request that names another job (a report on a bulk e-mail job checks that job). Durable
/// Functions hands its client only to functions, so each caller passes the one it was given.
/// </summary>
public sealed record JobRequestContext(IServiceProvider Services, DurableTaskClient Client);
