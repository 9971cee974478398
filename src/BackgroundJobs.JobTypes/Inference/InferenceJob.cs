using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Infrastructure.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>The <c>inference</c> job type: its descriptor and the registration line a host calls.</summary>
public static class InferenceJob
{
    public const string Name = "inference";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<InferenceRequest, InferenceResult, InferenceOrchestrator>(
        Name,
        channels => new InferenceOrchestrator(channels),
        registry => registry
            .AddActivity<PrepareInferenceActivity>()
            .AddActivity<RunInferenceChunkActivity>()
            .AddActivity<FailInferenceChunkActivity>()
            .AddActivity<CompleteInferenceActivity>(),
        requires: ["Inference:BaseUrl"]);

    /// <summary>
    /// Adds the type with its validator, its <c>Inference</c> options (checked when the host starts) and
    /// its model client: the OpenAI-compatible one when <c>Inference:BaseUrl</c> is set, else one that
    /// fails the job naming the settings to set.
    /// </summary>
    public static IServiceCollection AddInferenceJob(this IServiceCollection services)
    {
        services.AddOptions<InferenceOptions>()
            .BindConfiguration(InferenceOptions.SectionName)
            .Validate(o => string.IsNullOrEmpty(o.BaseUrl) || HttpUrl.IsAbsoluteHttp(o.BaseUrl), "Inference:BaseUrl must be an absolute http or https URL, such as https://api.openai.com/v1.")
            .Validate(o => string.IsNullOrEmpty(o.BaseUrl) || !string.IsNullOrEmpty(o.ApiKey), "Inference:ApiKey must be set when Inference:BaseUrl is.")
            .Validate(o => string.IsNullOrEmpty(o.Model) || InferenceLimits.IsValidModelName(o.Model), "Inference:Model must be 1-128 letters, digits and . _ - : /.")
            .Validate(o => o.RequestsPerSecond is > 0 and <= 1000, "Inference:RequestsPerSecond must be above 0 and at most 1000.")
            .Validate(o => o.MaxConcurrency is >= 1 and <= InferenceLimits.MaxConcurrency, "Inference:MaxConcurrency must be between 1 and 32.")
            .Validate(o => o.TimeoutSeconds is > 0 and <= 600, "Inference:TimeoutSeconds must be between 1 and 600.")
            .ValidateOnStart();

        // OpenAiInferenceClient enforces Inference:TimeoutSeconds itself; HttpClient's own 100 s must not cut in first.
        services.AddHttpClient(OpenAiInferenceClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddKeyedSingleton(InferenceOptions.SectionName, (provider, _) => new RequestPacer(provider.GetRequiredService<IOptions<InferenceOptions>>().Value.RequestsPerSecond));
        services.TryAddSingleton<OpenAiInferenceClient>();
        services.TryAddSingleton<IInferenceClient>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<InferenceOptions>>().Value.BaseUrl)
                ? new NotConfiguredInferenceClient()
                : provider.GetRequiredService<OpenAiInferenceClient>());
        services.AddSingleton<InferenceRequestValidator>();
        return services.AddJobType<InferenceRequest>(Descriptor, (provider, request, token) => provider.GetRequiredService<InferenceRequestValidator>().ValidateAsync(request, token));
    }
}
