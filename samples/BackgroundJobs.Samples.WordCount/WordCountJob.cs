using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackgroundJobs.Samples.WordCount;

/// <summary>The <c>word-count</c> job type, declared once, and the one line a host adds it with.</summary>
public static class WordCountJob
{
    public const string Name = "word-count";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<WordCountRequest, WordCountResult, WordCountOrchestrator>(
        Name,
        channels => new WordCountOrchestrator(channels),
        registry => registry
            .AddActivity<PlanWordCountActivity>()
            .AddActivity<CountWordsActivity>(),
        limits: new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["maxFileBytes"] = WordCountLimits.MaxFileBytes,
            ["maxLinesPerChunk"] = WordCountLimits.MaxLinesPerChunk,
        });

    /// <summary><c>services.AddWordCountJob()</c>: the start route, status, list, cancel, retry, purge, the monitor and notifications.</summary>
    public static IServiceCollection AddWordCountJob(this IServiceCollection services)
    {
        services.TryAddSingleton<WordCountRequestValidator>();
        return services.AddJobType<WordCountRequest>(
            Descriptor,
            (provider, request, cancellationToken) => provider.GetRequiredService<WordCountRequestValidator>().ValidateAsync(request, cancellationToken));
    }
}
